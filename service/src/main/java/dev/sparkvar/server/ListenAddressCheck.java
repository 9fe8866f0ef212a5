package dev.sparkvar.server;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses to start on a listen address under which no run can work (issue 18, "no configuration trap"): the job's
 * callbacks and the embedded backend reach this service on {@code 127.0.0.1} ({@link LocalServer}), so
 * {@code quarkus.http.host} must be a loopback address or every interface ({@code 0.0.0.0}, {@code ::}). A single
 * LAN address would fail every run at its first callback; better to say so at start, naming the key.
 */
@Singleton
class ListenAddressCheck {

    void check(@Observes StartupEvent start, @ConfigProperty(name = "quarkus.http.host") String host) {
        String why = refusal(host);
        if (why != null) {
            throw new IllegalStateException("quarkus.http.host=" + host + ": " + why);
        }
    }

    /** Why runs cannot work when listening on {@code host}, or null. */
    static String refusal(String host) {
        String literal = host.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (literal.equalsIgnoreCase("localhost")) {
            return null;
        }
        if (!literal.matches("[0-9a-fA-F:.%]+")) {
            return "name a literal address (loopback, or 0.0.0.0 for every interface); a host name is not resolved";
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                return null;
            }
        } catch (UnknownHostException e) {
            return "not an address";
        }
        return "the job's callbacks and the embedded backend call this service on 127.0.0.1, which this address"
                + " does not listen on; use 0.0.0.0 (every interface; sparkvar.access.hosts then names the served"
                + " host names) or a loopback address";
    }
}
