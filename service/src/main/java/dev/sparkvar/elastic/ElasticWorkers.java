package dev.sparkvar.elastic;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.BackOff;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.ClusterScaled;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.cluster.ClustersInUse;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scorpion-stare daemon as a scheduled, non-blocking loop: for each cluster that runs use now and whose config
 * has {@code scorpionstare.enable=true}, it reads the drivers' executor target and asks for the workers
 * {@link ScalingPolicy} decides, announcing each change as {@link ClusterScaled}. Everything goes through the
 * cluster port ({@link Clusters}): the loop knows no oshinko and no Graphite, so it runs over any backend.
 */
@ApplicationScoped
public class ElasticWorkers {

    private final ElasticConfig config;
    private final ClustersInUse inUse;
    private final Clusters clusters;
    private final Event<ClusterScaled> scaled;
    private final ScalingPolicy policy;
    private final Map<String, ClusterWatch> watches = new ConcurrentHashMap<>();

    public ElasticWorkers(ElasticConfig config, ClustersInUse inUse, Clusters clusters, Event<ClusterScaled> scaled) {
        this.config = config;
        this.inUse = inUse;
        this.clusters = clusters;
        this.scaled = scaled;
        // the backend's worker size when it tells it; oshinko does not, so 1 (more workers rather than too few)
        // unless sparkvar.elastic.executors-per-worker says better
        int perWorker = config.executorsPerWorker().orElse(Math.max(1,
                clusters.workerCores().orElse(1) / Math.max(1, config.executorCores())));
        this.policy = new ScalingPolicy(ScalingPolicy.samples(config.window(), config.interval()), perWorker);
        // fail at start, not at the first tick, on global bounds that make no sense
        new ScalingPolicy.Bounds(config.minWorkers(), config.maxWorkers());
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled()) {
            Log.infof("elastic workers on: every %s, window %d samples, %d executors per worker, workers %d..%d",
                    config.interval(), policy.windowSamples(), policy.executorsPerWorker(), config.minWorkers(),
                    config.maxWorkers());
        } else {
            Log.infof("elastic workers off (%s)", config.enabled().isPresent() ? "sparkvar.elastic.enabled=false"
                    : "the cluster backend scales clusters itself (oshinko's scorpion-stare sidecar)");
        }
    }

    /** Whether the loop runs: {@code sparkvar.elastic.enabled}, else on only with the local backend. */
    public boolean enabled() {
        return config.enabled().orElseGet(() -> !clusters.scalesClusters());
    }

    /** The policy in use (window size, executors per worker). */
    public ScalingPolicy policy() {
        return policy;
    }

    /** One pass over the clusters in use; each cluster's work is independent and never fails the pass. */
    @Scheduled(identity = "elastic-workers", every = "{sparkvar.elastic.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!enabled()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> used = inUse.snapshot();
        // a cluster no longer in use (run over, cluster being deleted) is forgotten with its window
        watches.keySet().retainAll(used);
        if (used.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> work = used.stream().map(this::watch).toList();
        return Uni.join().all(work).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> watch(String name) {
        ClusterWatch w = watches.computeIfAbsent(name, n -> new ClusterWatch());
        long now = System.nanoTime();
        if (!w.tryStart(now)) {
            return Uni.createFrom().voidItem(); // still busy from an earlier pass, or backing off
        }
        return clusters.get(name)
                .chain(cluster -> step(name, w, cluster))
                .invoke(w::succeeded)
                .onFailure(ClusterNotFoundException.class).recoverWithItem(() -> {
                    Log.debugf("elastic: cluster %s is gone", name);
                    watches.remove(name);
                    return null;
                })
                .onFailure().recoverWithItem(failure -> {
                    Duration wait = w.failed(System.nanoTime(), new BackOff(config.backoff(), config.maxBackoff()));
                    Log.warnf("elastic: cluster %s: %s; next try in %s", name, failure.getMessage(), wait);
                    return null;
                })
                .eventually(w::release);
    }

    private Uni<Void> step(String name, ClusterWatch w, Cluster cluster) {
        if (!cluster.elastic()) {
            w.window(List.of());
            return Uni.createFrom().voidItem(); // not an elastic cluster
        }
        int available = cluster.desiredWorkers();
        if (available < 1) {
            return Uni.createFrom().failure(new IllegalStateException("oshinko reports no workerCount for " + name));
        }
        ScalingPolicy.Bounds bounds = ScalingPolicy.Bounds.of(cluster.minWorkers(), cluster.maxWorkers(), config.minWorkers(),
                config.maxWorkers());
        return clusters.executorTarget(name).chain(executors -> {
            if (executors.isEmpty()) {
                // no driver reports yet (job starting): no sample, so a cluster is never shrunk before its job runs
                Log.debugf("elastic: %s: no driver metrics yet", name);
                return Uni.createFrom().voidItem();
            }
            List<Integer> window = policy.push(w.window(), policy.workersFor(executors.get()));
            w.window(window);
            ScalingPolicy.Decision decision = policy.decide(window, available, bounds);
            Log.debugf("elastic: %s: %.0f executors wanted, %s", name, executors.get(), decision.reason());
            if (!decision.changes()) {
                return Uni.createFrom().voidItem();
            }
            return scale(name, new ScalingPolicy.Decision(decision.from(), decision.to(), String.format(Locale.ROOT,
                    "%s; the drivers' executor target now: %.0f", decision.reason(), executors.get())));
        });
    }

    private Uni<Void> scale(String name, ScalingPolicy.Decision decision) {
        if (!inUse.contains(name)) {
            return Uni.createFrom().voidItem(); // released while we looked: being deleted, leave it alone
        }
        return clusters.scale(name, decision.to())
                .emitOn(Infrastructure.getDefaultWorkerPool()) // observers may touch files
                .invoke(reply -> {
                    Log.infof("elastic: cluster %s scaled %d -> %d (%s)", name, decision.from(), decision.to(),
                            decision.reason());
                    scaled.fire(new ClusterScaled(name, decision.from(), decision.to(), decision.reason()));
                })
                .replaceWithVoid();
    }

    /** The window (in workers) of every cluster watched now, for tests and diagnostics. */
    Map<String, List<Integer>> windows() {
        Map<String, List<Integer>> copy = new java.util.TreeMap<>();
        watches.forEach((name, w) -> copy.put(name, w.window()));
        return copy;
    }
}
