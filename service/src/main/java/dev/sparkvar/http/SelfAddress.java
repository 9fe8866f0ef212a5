package dev.sparkvar.http;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The loopback address of this service's own HTTP server, for the processes it starts (the job's callback) and
 * for clients that talk to the embedded backend. With port 0 (tests) Quarkus publishes the actual port as a
 * system property once the server listens, so this is read on each call, not at start-up.
 */
@ApplicationScoped
public class SelfAddress {

    /** {@code http://127.0.0.1:<actual port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The port the HTTP server actually listens on. */
    public int port() {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        String value = System.getProperty(key);
        if (value == null) {
            value = ConfigProvider.getConfig().getOptionalValue(key, String.class).orElse("8080");
        }
        int port = Integer.parseInt(value.trim());
        if (port == 0) {
            throw new IllegalStateException("the HTTP server has not published its port yet");
        }
        return port;
    }
}
