package dev.sparkvar.local;

import dev.sparkvar.access.AccessTokens;
import dev.sparkvar.oshinko.OshinkoAddresses;
import dev.sparkvar.server.LocalServer;
import dev.sparkvar.oshinko.OshinkoConfig;
import dev.sparkvar.oshinko.ServiceAddresses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The embedded default steps in when no oshinko server is configured: then it provides the addresses the oshinko
 * adapter uses (this service's own {@code /oshinko} and {@code /local-graphite}, and each cluster's embedded carbon
 * receiver), and its own oshinko API acts. With a server configured, the adapter gets that server's addresses and
 * the embedded API refuses to act. This is the only place that decides; nothing outside {@code local/} knows.
 */
@ApplicationScoped
public class EmbeddedDefault {

    /** Path under this service where the embedded oshinko API is served. */
    public static final String OSHINKO_PATH = "/oshinko";

    private final Optional<ServiceAddresses> configured;

    public EmbeddedDefault(OshinkoConfig config) {
        this.configured = ServiceAddresses.configured(config, System.getenv());
    }

    /** Whether the embedded backend answers (no oshinko server configured). */
    boolean active() {
        return configured.isEmpty();
    }

    /** The configured server's address, for messages; empty when the embedded backend is active. */
    Optional<String> configuredServer() {
        return configured.map(a -> a.server().toString());
    }

    @Produces
    @Singleton
    OshinkoAddresses addresses(LocalServer server, EmbeddedGraphite graphite, LocalConfig local, AccessTokens tokens,
            LocalClusters clusters) {
        return configured.<OshinkoAddresses>map(a -> a).orElseGet(() -> new LocalAddresses(server, graphite, local, tokens, clusters));
    }
}
