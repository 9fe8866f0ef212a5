package dev.sparkvar.cluster;

import dev.sparkvar.local.EmbeddedGraphite;
import dev.sparkvar.local.LocalServer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where a cluster's Graphite render API and carbon receiver are: oshinko's Services {@code <n>-metrics:8000}
 * and {@code <n>-carbon:2003}, or the embedded Graphite of the local backend.
 */
@ApplicationScoped
public class ClusterAddresses {

    private final OshinkoClient oshinko;
    private final OshinkoConfig config;
    private final LocalServer localServer;
    private final EmbeddedGraphite graphite;

    public ClusterAddresses(OshinkoClient oshinko, OshinkoConfig config, LocalServer localServer,
            EmbeddedGraphite graphite) {
        this.oshinko = oshinko;
        this.config = config;
        this.localServer = localServer;
        this.graphite = graphite;
    }

    /** Base URL of the cluster's Graphite render API ({@code <url>/render?target=...}). */
    public String metricsUrl(String cluster) {
        if (oshinko.isLocal()) {
            return localServer.baseUri() + EmbeddedGraphite.PATH + "/" + cluster;
        }
        String suffix = config.metricsRouteSuffix().orElse(System.getenv("METRICS_ROUTE_SUFFIX"));
        if (suffix != null && !suffix.isBlank()) {
            // the notebook's route form: <n>-metrics-<suffix>, on the route's default port
            return "http://" + cluster + "-metrics-" + suffix;
        }
        return "http://" + cluster + "-metrics:8000";
    }

    /** The cluster's carbon plaintext receiver, where drivers send their metrics. */
    public HostAndPort carbon(String cluster) {
        if (oshinko.isLocal()) {
            return graphite.carbonAddress(cluster).orElseThrow(() -> new ClusterNotFoundException(
                    "no carbon receiver", "cluster '" + cluster + "' has no embedded carbon receiver"
                            + " (unknown to the local backend, or created with metrics.enable=false)"));
        }
        return new HostAndPort(cluster + "-carbon", 2003);
    }
}
