package dev.sparkvar.observe;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.cluster.WorkerCount;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Counts the requests to the cluster backend ({@code sparkvar_cluster_requests_total}, by operation and outcome) as
 * a decorator of the cluster port, so that neither the adapter nor its callers know of metrics. Outcomes:
 * {@code ok}, {@code not_found} (a cluster that is gone), {@code failed}, {@code cancelled} (the caller left first,
 * e.g. a run cancelled while its cluster came up).
 */
@Decorator
@Priority(10)
public class MeteredClusters implements Clusters {

    private final Clusters delegate;
    private final MeterRegistry registry;

    @Inject
    public MeteredClusters(@Delegate Clusters delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public Uni<Cluster> create(String name, String config, Integer workers) {
        return counted("create", delegate.create(name, config, workers));
    }

    @Override
    public Uni<Cluster> get(String name) {
        return counted("get", delegate.get(name));
    }

    @Override
    public Uni<Cluster> scale(String name, int workers) {
        return counted("scale", delegate.scale(name, workers));
    }

    @Override
    public Uni<Void> delete(String name) {
        return counted("delete", delegate.delete(name));
    }

    @Override
    public Multi<WorkerCount> awaitWorkers(String name, int desired) {
        return delegate.awaitWorkers(name, desired)
                .onCompletion().invoke(() -> count("await_workers", "ok"))
                .onFailure().invoke(e -> count("await_workers", outcome(e)))
                .onCancellation().invoke(() -> count("await_workers", "cancelled"));
    }

    @Override
    public Multi<Integer> followWorkers(String name, int lastSeen) {
        return delegate.followWorkers(name, lastSeen);
    }

    @Override
    public Uni<Optional<Double>> executorTarget(String name) {
        return delegate.executorTarget(name); // a metrics read, not a request to the cluster backend
    }

    @Override
    public String metricsUrl(String name) {
        return delegate.metricsUrl(name);
    }

    @Override
    public HostAndPort carbon(String name) {
        return delegate.carbon(name);
    }

    @Override
    public Optional<SparkSecret> sparkSecret(String name) {
        return delegate.sparkSecret(name);
    }

    @Override
    public boolean scalesClusters() {
        return delegate.scalesClusters();
    }

    @Override
    public OptionalInt workerCores() {
        return delegate.workerCores();
    }

    /** One count per subscription: a Uni is lazy, and each retry (a resubscription) is another request. */
    private <T> Uni<T> counted(String operation, Uni<T> call) {
        return call.onItem().invoke(() -> count(operation, "ok"))
                .onFailure().invoke(e -> count(operation, outcome(e)))
                .onCancellation().invoke(() -> count(operation, "cancelled"));
    }

    private void count(String operation, String outcome) {
        registry.counter("sparkvar.cluster.requests", "operation", operation, "outcome", outcome).increment();
    }

    private static String outcome(Throwable e) {
        return e instanceof ClusterNotFoundException ? "not_found" : "failed";
    }
}
