package dev.sparkvar.kube;

import io.smallrye.mutiny.Uni;

import java.util.Optional;

import dev.sparkvar.cluster.HostAndPort;

/**
 * Where a cluster's driver sends its metrics and where the elastic loop reads them back. The driver runs in this
 * service's pod, not in the cluster, so the receiver is this service's own (the wiring provides it): no
 * Graphite runs beside the cluster. Opened when a cluster is made, closed when it is deleted.
 */
public interface DriverMetrics {

    /** Opens the cluster's receiver (blocking; off the event loop) and returns its carbon address. */
    HostAndPort open(String cluster);

    /** The cluster's carbon address, once opened. */
    HostAndPort carbon(String cluster);

    /** Base URL of the render API over the cluster's received metrics. */
    String metricsUrl(String cluster);

    /** The executors the cluster's drivers want (their latest target, summed), empty before any driver reports. */
    Uni<Optional<Double>> executorTarget(String cluster);

    /** Closes the cluster's receiver; idempotent, blocking. */
    void close(String cluster);
}
