package dev.sparkvar.cluster;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one way in for Spark clusters: the run flow and the elastic loop use this and nothing else (the elastic loop
 * reads its executor demand here too, never a metrics store itself). Behind it sits
 * the oshinko-plus-Graphite adapter, whichever server answers (a remote oshinko or the embedded default).
 * Failures are {@link OshinkoException}s ({@link ClusterNotFoundException} for a cluster that is gone).
 */
public interface Clusters {

    /**
     * Creates cluster {@code name} from the named cluster config, with {@code workers} workers (null: the config's).
     * Never retried: a repeated create could make a second cluster.
     */
    Uni<Cluster> create(String name, String config, Integer workers);

    /** The cluster as it is now. */
    Uni<Cluster> get(String name);

    /** Sets the desired worker count. */
    Uni<Cluster> scale(String name, int workers);

    /** Deletes the cluster; one that is already gone counts as deleted. */
    Uni<Void> delete(String name);

    /**
     * The alive workers (Graphite's {@code master.aliveWorkers}) from the first count on, each change once, until
     * {@code alive >= desired}; fails with {@link WorkerWaitTimeoutException} after the configured wait.
     */
    Multi<WorkerCount> awaitWorkers(String name, int desired);

    /** Every later change of the alive workers away from {@code lastSeen}; endless until cancelled. */
    Multi<Integer> followWorkers(String name, int lastSeen);

    /**
     * The executors the cluster's drivers want now: the sum of their dynamic-allocation targets (Spark's
     * {@code ExecutorAllocationManager.executors.numberTargetExecutors}, one series per driver). Empty while no driver
     * reports (a job starting). What the elastic loop scales on.
     */
    Uni<Optional<Double>> executorTarget(String name);

    /** Base URL of the cluster's Graphite render API. */
    String metricsUrl(String name);

    /** The cluster's carbon receiver, where a driver sends its metrics. */
    HostAndPort carbon(String name);

    /**
     * The cluster's Spark authentication secret, when the backend runs it with {@code spark.authenticate=true} (the
     * embedded default does); the driver must then hold it too. Empty for a remote oshinko's clusters.
     */
    Optional<SparkSecret> sparkSecret(String name);

    /** Whether the backend scales elastic clusters itself, so that our loop should not (two loops would fight). */
    boolean scalesClusters();

    /** Cores one worker offers, when the backend knows it. */
    OptionalInt workerCores();
}
