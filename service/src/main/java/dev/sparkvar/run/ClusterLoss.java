package dev.sparkvar.run;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.Clusters;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notices a cluster that can no longer run the job: no master, or no worker, for longer than
 * {@code sparkvar.runs.cluster-loss-grace}, as the backend reports its pods. Without it a job whose master died
 * would wait for the one-hour job timeout and fail with a misleading reason. A backend that does not answer is no
 * evidence either way; a cluster the backend no longer knows is lost.
 */
@ApplicationScoped
public class ClusterLoss {

    private final RunsConfig config;
    private final Clusters clusters;

    public ClusterLoss(RunsConfig config, Clusters clusters) {
        this.config = config;
        this.clusters = clusters;
    }

    /** Never emits an item: fails with the reason once the cluster has been unable to run the job for too long. */
    <T> Uni<T> watch(Cluster cluster) {
        Duration grace = config.clusterLossGrace();
        AtomicLong unhealthySince = new AtomicLong(-1);
        Cluster gone = new Cluster(cluster.name(), null, null, 0, false, null, null, false, 0);
        return Multi.createFrom().ticks().every(config.livenessInterval()).onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> clusters.get(cluster.name())
                        .onFailure(ClusterNotFoundException.class).recoverWithItem(gone)
                        .onFailure().recoverWithNull())
                .filter(now -> {
                    if (now.alive()) {
                        unhealthySince.set(-1);
                        return false;
                    }
                    unhealthySince.compareAndSet(-1, System.nanoTime());
                    return System.nanoTime() - unhealthySince.get() >= grace.toNanos();
                })
                .toUni()
                .onItem().<T>transformToUni(lost -> Uni.createFrom().failure(new IllegalStateException("cluster " + cluster.name() + " lost "
                        + (lost.masterRunning() ? "all its workers" : "its master") + " for more than "
                        + grace.toSeconds() + " s: the job was stopped")));
    }
}
