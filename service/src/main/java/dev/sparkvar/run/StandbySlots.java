package dev.sparkvar.run;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.pool.PoolConfig;
import dev.sparkvar.pool.SlotFactory;
import dev.sparkvar.pool.WarmSlot;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The warm pool's slots as the run feature makes them, with the same steps as a run's ephemeral cluster: create it
 * with the default cluster config, wait for its workers, write the driver conf, then start a job in standby
 * ({@link JobLauncher#startStandby}) and wait for its {@code ready}. A slot's job is in the ledger like any job, so
 * the sweep after a crash stops it by PID.
 */
@ApplicationScoped
public class StandbySlots implements SlotFactory {

    /** A ready slot: its cluster, its standby job, the job's conf folder and the cluster's Spark secret. */
    record PooledJob(String id, Cluster clusterInfo, JobProcess job, Path confDir, Optional<SparkSecret> secret,
                     Instant readyAt, double fillSeconds) implements WarmSlot {

        @Override
        public String cluster() {
            return clusterInfo.name();
        }

        @Override
        public long jobPid() {
            return job.pid();
        }

        @Override
        public boolean alive() {
            return job.isAlive();
        }
    }

    private final Clusters clusters;
    private final RunsConfig config;
    private final DriverConfFiles driverConf;
    private final JobLauncher launcher;
    private final PoolConfig pool;

    public StandbySlots(Clusters clusters, RunsConfig config, DriverConfFiles driverConf, JobLauncher launcher,
            PoolConfig pool) {
        this.clusters = clusters;
        this.config = config;
        this.driverConf = driverConf;
        this.launcher = launcher;
        this.pool = pool;
    }

    @Override
    public Uni<WarmSlot> fill(String id, String name, Path dir, Uni<Void> givenUp) {
        Instant start = Instant.now();
        AtomicBoolean asked = new AtomicBoolean(true); // until a failure proves no cluster was made
        AtomicReference<JobProcess> job = new AtomicReference<>();
        LogTail log = new LogTail(200);
        return clusters.create(name, RunRequestValidator.DEFAULT_CLUSTER_CONFIG, null)
                .onFailure(Reasons::provesNoCluster).invoke(() -> asked.set(false))
                .ifNoItem().after(config.createTimeout()).failWith(TimeoutException::new)
                .chain(cluster -> unlessGivenUp(clusters.awaitWorkers(name, cluster.desiredWorkers()).collect().last()
                        .replaceWith(cluster), givenUp))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(cluster -> {
                    Log.debugf("slot %s: cluster %s has its workers after %.1f s", id, name, since(start));
                    Path confDir = dir.resolve("conf");
                    HostAndPort carbon = clusters.carbon(name);
                    driverConf.write(confDir, carbon.host(), carbon.port());
                    Optional<SparkSecret> secret = clusters.sparkSecret(name);
                    job.set(launcher.startStandby(id, cluster.masterUrl(), dir, confDir, secret,
                            pool.idleTime().plusMinutes(1), log));
                    return new PooledJob(id, cluster, job.get(), confDir, secret, null, 0);
                })
                .chain(slot -> unlessGivenUp(Uni.createFrom().completionStage(
                        () -> slot.job().ready().thenApply(ignored -> slot)), givenUp))
                .invoke(slot -> Log.debugf("slot %s: job %d ready after %.1f s", id, slot.job().pid(), since(start)))
                .map(slot -> (WarmSlot) new PooledJob(id, slot.clusterInfo(), slot.job(), slot.confDir(),
                        slot.secret(), Instant.now(), Duration.between(start, Instant.now()).toMillis() / 1000.0))
                .onFailure().call(e -> {
                    Log.debugf("slot %s: unmaking after %s; its job's last lines: %s", id, e, log.lines());
                    return unmake(name, job.get(), asked.get());
                });
    }

    @Override
    public Uni<Void> empty(WarmSlot slot) {
        PooledJob pooled = (PooledJob) slot;
        return unmake(pooled.cluster(), pooled.job(), true)
                .chain(ignored -> Uni.createFrom().voidItem());
    }

    /** Stops the job (blocking, on a worker thread), then deletes the cluster with retries; fails if it cannot. */
    private Uni<Void> unmake(String name, JobProcess job, boolean clusterMayExist) {
        return Uni.createFrom().item(() -> {
                    if (job != null) {
                        job.stop();
                    }
                    return name;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(ignored -> clusterMayExist ? clusters.delete(name)
                        .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5))
                        .atMost(Math.max(0, config.deleteAttempts() - 1)) : Uni.createFrom().voidItem());
    }

    private static double since(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    /** The step, unless the pool gives the slot up first (then it fails, and what was made is unmade). */
    private static <T> Uni<T> unlessGivenUp(Uni<T> step, Uni<Void> givenUp) {
        Uni<T> up = givenUp.onItem().transformToUni(ignored ->
                Uni.createFrom().failure(new IllegalStateException("given up")));
        return Uni.combine().any().of(step, up);
    }
}
