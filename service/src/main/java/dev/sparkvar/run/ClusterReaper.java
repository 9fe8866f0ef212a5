package dev.sparkvar.run;

import dev.sparkvar.cluster.BackOff;
import dev.sparkvar.cluster.Clusters;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes, until they are gone, the clusters of finished runs whose deletion failed (oshinko answered 500 or was
 * away; the service restarted mid-run): one attempt per cluster and tick, each failure lengthening the cluster's
 * wait ({@link BackOff} from {@code reaper-interval} up to {@code reaper-max-backoff}). What it still holds is in its health details; each run's record shows
 * {@code cluster.deleted=false} until its {@code cluster-deleted} event, which ends the run's stream.
 */
@Readiness
@ApplicationScoped
public class ClusterReaper implements HealthCheck {

    /** A cluster whose deletion failed: how often in a row, when to try again, and why it failed last. */
    private record Failed(int attempts, long nextNanos, String lastError) {
    }

    private final RunsConfig config;
    private final Runs runs;
    private final Clusters clusters;
    private final Map<String, Failed> waiting = new ConcurrentHashMap<>();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    public ClusterReaper(RunsConfig config, Runs runs, Clusters clusters) {
        this.config = config;
        this.runs = runs;
        this.clusters = clusters;
    }

    @Scheduled(identity = "cluster-reaper", every = "{sparkvar.runs.reaper-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        long now = System.nanoTime();
        List<Uni<Void>> attempts = runs.all().stream()
                .filter(run -> run.terminalSent() && run.clusterPending())
                .filter(run -> {
                    Failed b = waiting.get(run.id());
                    return b == null || now - b.nextNanos() >= 0;
                })
                .map(this::attempt)
                .toList();
        return attempts.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(attempts).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> attempt(Run run) {
        String name = run.cluster().name();
        return clusters.delete(name)
                .invoke(() -> {
                    Log.infof("reaper: cluster %s of run %s deleted", name, run.id());
                    waiting.remove(run.id());
                    deleted.incrementAndGet();
                    run.clusterDeleted();
                })
                .onFailure().recoverWithItem(e -> {
                    failedAttempts.incrementAndGet();
                    Failed before = waiting.get(run.id());
                    int attempts = before == null ? 1 : before.attempts() + 1;
                    Duration wait = new BackOff(config.reaperInterval(), config.reaperMaxBackoff()).after(attempts);
                    waiting.put(run.id(), new Failed(attempts, System.nanoTime() + wait.toNanos(), e.getMessage()));
                    Log.warnf("reaper: cluster %s of run %s still not deleted (attempt %d, next in %s): %s",
                            name, run.id(), attempts, wait, e.getMessage());
                    return null;
                });
    }

    /** Clusters of finished runs still to delete. */
    public int backlog() {
        return (int) runs.all().stream().filter(r -> r.terminalSent() && r.clusterPending()).count();
    }

    /** Clusters the reaper deleted since the start. */
    public long deleted() {
        return deleted.get();
    }

    /** The reaper's failed deletion attempts since the start. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** UP, with the clusters still to delete: a number to alert on, and their names and last errors. */
    @Override
    public HealthCheckResponse call() {
        List<Run> pending = runs.all().stream().filter(r -> r.terminalSent() && r.clusterPending()).toList();
        var response = HealthCheckResponse.named("cluster-reaper").up().withData("clustersToDelete", pending.size());
        pending.stream().limit(10).forEach(r -> {
            Failed b = waiting.get(r.id());
            response.withData(r.cluster().name(), b == null ? "not tried yet"
                    : b.attempts() + " attempt(s), last: " + b.lastError());
        });
        return response.build();
    }
}
