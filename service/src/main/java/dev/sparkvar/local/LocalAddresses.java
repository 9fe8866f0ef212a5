package dev.sparkvar.local;

import dev.sparkvar.access.AccessTokens;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.oshinko.OshinkoAddresses;
import dev.sparkvar.server.LocalServer;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The embedded default's addresses: its oshinko API and per-cluster Graphite on this service's own port (known
 * only once it listens, so read at each call), and each cluster's carbon receiver on its own loopback port.
 */
final class LocalAddresses implements OshinkoAddresses {

    private final LocalServer server;
    private final EmbeddedGraphite graphite;
    private final LocalConfig config;
    private final AccessTokens tokens;
    private final LocalClusters clusters;

    LocalAddresses(LocalServer server, EmbeddedGraphite graphite, LocalConfig config, AccessTokens tokens,
            LocalClusters clusters) {
        this.clusters = clusters;
        this.server = server;
        this.graphite = graphite;
        this.config = config;
        this.tokens = tokens;
    }

    @Override
    public String backend() {
        return "local";
    }

    @Override
    public URI server() {
        return URI.create(server.baseUri() + EmbeddedDefault.OSHINKO_PATH);
    }

    @Override
    public String metricsUrl(String cluster) {
        return server.baseUri() + EmbeddedGraphite.PATH + "/" + cluster;
    }

    @Override
    public HostAndPort carbon(String cluster) {
        return graphite.carbonAddress(cluster).orElseThrow(() -> new ClusterNotFoundException(
                "no carbon receiver", "cluster '" + cluster + "' has no embedded carbon receiver"
                        + " (unknown to the local backend, or created with metrics.enable=false)"));
    }

    @Override
    public boolean scalesClusters() {
        return false; // nothing but our elastic loop scales local clusters
    }

    @Override
    public OptionalInt workerCores() {
        return OptionalInt.of(config.workerCores());
    }

    /** The embedded oshinko API asks for a credential like the rest of this service: ours, made per process. */
    @Override
    public Optional<String> authorization() {
        return Optional.of(tokens.internalAuthorization());
    }

    /** Each local cluster runs with its own secret, held by {@link LocalClusters} in memory only. */
    @Override
    public Optional<SparkSecret> sparkSecret(String cluster) {
        return clusters.secret(cluster);
    }
}
