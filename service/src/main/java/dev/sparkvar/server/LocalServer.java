package dev.sparkvar.server;

import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;

/**
 * This service's own HTTP address, as bound: job callbacks and the embedded default are served here, and
 * tests bind port 0, so the port is only known once the HTTP server is up.
 */
@ApplicationScoped
public class LocalServer {

    private final ValueRegistry registry;

    public LocalServer(ValueRegistry registry) {
        this.registry = registry;
    }

    /** {@code http://127.0.0.1:<actual port>}; fails if the HTTP server has not started yet. */
    public URI baseUri() {
        HttpServer server = registry.get(HttpServer.HTTP_SERVER);
        int port = server == null ? -1 : server.getPort();
        if (port <= 0) {
            throw new IllegalStateException("the HTTP server of this service is not listening yet");
        }
        return URI.create("http://127.0.0.1:" + port);
    }
}
