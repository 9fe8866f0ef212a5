package dev.sparkvar;

import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.kube.DriverMetrics;
import dev.sparkvar.local.EmbeddedGraphite;
import dev.sparkvar.metrics.GraphiteClient;
import dev.sparkvar.oshinko.OshinkoClusters;
import dev.sparkvar.server.LocalServer;
import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * A Kubernetes cluster's driver metrics, received in this service: the driver runs in this pod, so its
 * GraphiteSink reaches a loopback receiver here, and the elastic loop reads the executor target back through this
 * service's own render API, as on the embedded default.
 */
final class ServiceDriverMetrics implements DriverMetrics {

    private final EmbeddedGraphite graphite;
    private final LocalServer server;
    private final GraphiteClient render;

    ServiceDriverMetrics(EmbeddedGraphite graphite, LocalServer server, GraphiteClient render) {
        this.graphite = graphite;
        this.server = server;
        this.render = render;
    }

    @Override
    public Uni<Optional<Double>> executorTarget(String cluster) {
        return render.sumLatest(metricsUrl(cluster), OshinkoClusters.TARGET_EXECUTORS);
    }

    @Override
    public HostAndPort open(String cluster) {
        return graphite.start(cluster);
    }

    @Override
    public HostAndPort carbon(String cluster) {
        return graphite.carbonAddress(cluster).orElseThrow(() -> new ClusterNotFoundException("no carbon receiver",
                "cluster '" + cluster + "' has no driver metrics receiver here (made by an earlier life?)"));
    }

    @Override
    public String metricsUrl(String cluster) {
        return server.baseUri() + EmbeddedGraphite.PATH + "/" + cluster;
    }

    @Override
    public void close(String cluster) {
        graphite.stop(cluster);
    }
}
