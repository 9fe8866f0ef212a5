package dev.sparkvar.server;

import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.Optional;

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
        return boundUri().orElseThrow(
                () -> new IllegalStateException("the HTTP server of this service is not listening yet"));
    }

    /** {@code http://127.0.0.1:<actual port>}, or empty before the HTTP server has started (for callers that wait). */
    public Optional<URI> boundUri() {
        HttpServer server = registry.get(HttpServer.HTTP_SERVER);
        int port = server == null ? -1 : server.getPort();
        return port <= 0 ? Optional.empty() : Optional.of(URI.create("http://127.0.0.1:" + port));
    }
}
