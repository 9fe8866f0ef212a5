package dev.sparkvar.run;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.cluster.ClustersInUse;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.pool.WarmPool;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The run flow's first step ({@link RunFlow}): where the run's driver will connect. {@code local[*]}, a given master,
 * a warm pool's slot taken over, or an ephemeral cluster made for the run, saved on disk before it is asked for, with
 * its {@code cluster-created} and {@code workers} events. The worker wait itself runs beside the job (RunFlow).
 */
@ApplicationScoped
class ClusterStep {

    private final RunsConfig config;
    private final Runs runs;
    private final RunStore store;
    private final Clusters clusters;
    private final ClustersInUse inUse;
    private final DriverConfFiles driverConf;
    private final WarmPool pool;

    ClusterStep(RunsConfig config, Runs runs, RunStore store, Clusters clusters, ClustersInUse inUse,
            DriverConfFiles driverConf, WarmPool pool) {
        this.config = config;
        this.runs = runs;
        this.store = store;
        this.clusters = clusters;
        this.inUse = inUse;
        this.driverConf = driverConf;
        this.pool = pool;
    }

    /**
     * Where the job's driver connects, and its conf folder when it reports to a cluster's Graphite. For an ephemeral
     * cluster, {@code workersUp} is the (lazy) wait for its workers, which runs beside the job (see {@link #runJob});
     * for a run that took a warm pool's slot, {@code standby} is the slot's job waiting for it (its workers are up).
     */
    record Master(String url, Path confDir, Cluster cluster, Optional<SparkSecret> secret,
            Uni<Cluster> workersUp, JobProcess standby) {
    }

    Uni<Master> master(Run run) {
        RunParameters p = run.parameters();
        return switch (p.mode()) {
            case LOCAL -> Uni.createFrom().item(new Master("local[*]", null, null, Optional.empty(), null, null));
            case MASTER -> Uni.createFrom().item(new Master(p.masterUrl(), null, null, secretOfMaster(p.masterUrl()),
                    null, null));
            case EPHEMERAL -> ephemeralCluster(run);
        };
    }

    /**
     * A warm pool's slot becomes the run's: its cluster and job are the run's from here on (saved first, so that a
     * crash leaves the run's record to delete the cluster by; a failure or cancel stops the job and deletes the
     * cluster in {@link #finish} as for any run), and the stream says where they came from.
     */
    Uni<Master> pooled(Run run, StandbySlots.PooledJob slot) {
        return Uni.createFrom().item(() -> {
                    Cluster cluster = slot.clusterInfo();
                    run.cluster(ClusterInfo.named(cluster.name()));
                    run.clusterMayExist(true);
                    run.job().started(slot.job());
                    run.job().confDir(slot.confDir().toString());
                    run.enter(RunState.CREATING_CLUSTER);
                    if (!store.saveNow(run)) {
                        throw new IllegalStateException("the run could not be saved, so it did not take its pool slot");
                    }
                    pool.adopted(slot);
                    Instant now = Instant.now();
                    run.emit(RunEvent.POOL_SLOT, RunEvent.data("slot", slot.id(), "cluster", cluster.name(),
                            "readySeconds", Duration.between(slot.readyAt(), now).toMillis() / 1000.0,
                            "fillSeconds", slot.fillSeconds(),
                            "waitedSeconds", Duration.between(run.created(), now).toMillis() / 1000.0));
                    clusterCreated(run, cluster);
                    run.enter(RunState.WAITING_FOR_WORKERS);
                    inUse.use(cluster.name());
                    workers(run, cluster.desiredWorkers(), cluster.desiredWorkers(), Duration.ZERO);
                    return new Master(cluster.masterUrl(), slot.confDir(), cluster, slot.secret(),
                            Uni.createFrom().item(cluster), slot.job());
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Master> ephemeralCluster(Run run) {
        RunParameters p = run.parameters();
        String name = "cluster-" + Runs.randomId(4);
        // On disk before it is asked for: a crash right after the create still leaves a record to delete it by.
        // The create call is never raced with a cancel: once asked for, the cluster must exist before we delete it.
        return Uni.createFrom().item(() -> {
                    run.cluster(ClusterInfo.named(name));
                    run.enter(RunState.CREATING_CLUSTER);
                    if (!store.saveNow(run)) {
                        throw new IllegalStateException("the run could not be saved, so no cluster was asked for");
                    }
                    run.clusterMayExist(true);
                    return name;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(ignored -> clusters.create(name, p.clusterConfig(), p.workers())
                        .onFailure(Reasons::provesNoCluster).invoke(() -> run.clusterMayExist(false)))
                .ifNoItem().after(config.createTimeout()).failWith(TimeoutException::new)
                .onFailure(TimeoutException.class).transform(e -> new IllegalStateException(
                        "cluster " + name + " was not created within " + config.createTimeout().toSeconds() + " s"))
                .map(cluster -> clusterCreated(run, cluster))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(cluster -> {
                    // The job starts as soon as the master answers, not after its workers: the driver's JVM and
                    // Spark start (seconds) overlap the workers' registration, and Spark's standalone master gives
                    // the application its executors as workers arrive. The wait itself, its events and its timeout
                    // run beside the job (runJob); a cancel before the job starts still ends here.
                    Uni<Cluster> workersUp = awaitWorkers(run, cluster);
                    Path confDir = store.runDir(run.id()).resolve("conf");
                    HostAndPort carbon = clusters.carbon(name);
                    driverConf.write(confDir, carbon.host(), carbon.port());
                    run.job().confDir(confDir.toString());
                    return new Master(cluster.masterUrl(), confDir, cluster, clusters.sparkSecret(name), workersUp,
                            null);
                });
    }

    /**
     * {@code mode: master} on the cluster of one of our runs in flight (RunRequestRulesValidator#allowedMaster): that
     * cluster's master authenticates, so the job needs its secret. None for a configured master.
     */
    private Optional<SparkSecret> secretOfMaster(String masterUrl) {
        return runs.clusterInFlight(masterUrl).filter(c -> c.name() != null)
                .flatMap(c -> clusters.sparkSecret(c.name()));
    }

    private Cluster clusterCreated(Run run, Cluster cluster) {
        int desired = cluster.desiredWorkers();
        if (desired < 1) {
            throw new IllegalStateException("oshinko created " + cluster.name() + " but reported no workerCount");
        }
        ClusterInfo info = run.cluster().withMaster(cluster.masterUrl(), cluster.masterWebUrl(), desired)
                .withMetrics(clusters.metricsUrl(cluster.name()), clusters.carbon(cluster.name()).toString());
        run.cluster(info);
        run.emit(RunEvent.CLUSTER_CREATED, RunEvent.data("cluster", info.name(), "masterUrl", info.masterUrl(),
                "masterWebUrl", info.masterWebUrl(), "desiredWorkers", desired, "metricsUrl", info.metricsUrl()));
        return cluster;
    }

    private Uni<Cluster> awaitWorkers(Run run, Cluster cluster) {
        if (run.isCancelRequested()) {
            return Uni.createFrom().failure(new RunCancelledException());
        }
        run.enter(RunState.WAITING_FOR_WORKERS);
        store.save(run);
        inUse.use(cluster.name()); // the elastic loop may scale it from now on
        return clusters.awaitWorkers(cluster.name(), cluster.desiredWorkers())
                .onItem().invoke(count -> workers(run, count.alive(), count.desired(), count.elapsed()))
                .collect().last()
                .replaceWith(cluster);
    }

    void workers(Run run, int alive, Integer desired, Duration elapsed) {
        ClusterInfo now = run.cluster();
        int wanted = desired != null ? desired : now.desiredWorkers() == null ? alive : now.desiredWorkers();
        run.cluster(now.withWorkers(alive, wanted));
        run.emit(RunEvent.WORKERS, elapsed == null ? RunEvent.data("alive", alive, "desired", wanted)
                : RunEvent.data("alive", alive, "desired", wanted, "elapsedSeconds", elapsed.toMillis() / 1000.0));
    }
}
