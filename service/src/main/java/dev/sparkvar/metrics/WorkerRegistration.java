package dev.sparkvar.metrics;

import dev.sparkvar.cluster.WorkerCount;
import dev.sparkvar.cluster.WorkerWaitTimeoutException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The notebook's "wait for workers" loop as a stream: polls the cluster's {@code master.aliveWorkers} and emits
 * every change until enough workers are alive, with a time limit the notebook lacked.
 */
public class WorkerRegistration {

    /** The Master's gauge of registered, alive workers (GraphiteSink, no prefix). */
    public static final String ALIVE_WORKERS = "master.aliveWorkers";

    private final GraphiteClient graphite;
    private final Function<String, String> metricsUrl;
    private final WorkersConfig config;

    /** @param metricsUrl the base URL of a cluster's Graphite render API, by cluster name */
    public WorkerRegistration(GraphiteClient graphite, Function<String, String> metricsUrl, WorkersConfig config) {
        this.graphite = graphite;
        this.metricsUrl = metricsUrl;
        this.config = config;
    }

    /** Watches with the configured poll interval and timeout. */
    public Multi<WorkerCount> watch(String cluster, int desired) {
        return watch(cluster, desired, config.pollInterval(), config.timeout());
    }

    /**
     * Emits the first count and then every change of the alive count; completes right after emitting a count
     * with {@code alive >= desired}; fails with {@link WorkerWaitTimeoutException} after {@code timeout}.
     * Polling stops when the subscriber cancels.
     */
    public Multi<WorkerCount> watch(String cluster, int desired, Duration pollInterval, Duration timeout) {
        if (desired < 0) {
            return Multi.createFrom().failure(new IllegalArgumentException(
                    "cluster " + cluster + ": desired worker count must be >= 0, got " + desired));
        }
        return Multi.createFrom().deferred(() -> {
            long start = System.nanoTime();
            String url = metricsUrl.apply(cluster);
            AtomicReference<String> lastProblem = new AtomicReference<>();
            AtomicReference<Integer> lastAlive = new AtomicReference<>(0);
            java.util.concurrent.atomic.AtomicBoolean sawData = new java.util.concurrent.atomic.AtomicBoolean();
            Uni<WorkerCount> poll = Uni.createFrom().deferred(() -> graphite.latest(url, ALIVE_WORKERS))
                    .onFailure().recoverWithItem(failure -> {
                        // one bad answer is not the end of the wait: report it if the wait times out
                        lastProblem.set(failure.getMessage());
                        Log.debugf("cluster %s: %s query failed: %s", cluster, ALIVE_WORKERS, failure.getMessage());
                        return Optional.empty();
                    })
                    .map(value -> {
                        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                        value.ifPresent(v -> sawData.set(true));
                        int alive = value.map(Double::intValue).orElse(0);
                        lastAlive.set(alive);
                        if (alive < desired && elapsed.compareTo(timeout) >= 0) {
                            // never any data names where we looked (Graphite down or not reachable from here)
                            String problem = lastProblem.get() != null || sawData.get() ? lastProblem.get()
                                    : "Graphite at " + url + " gave no data";
                            throw new WorkerWaitTimeoutException(cluster, alive, desired, timeout, problem);
                        }
                        return new WorkerCount(alive, desired, elapsed);
                    });
            // the first poll at once, then one per interval
            Multi<WorkerCount> polls = Multi.createBy().concatenating().streams(
                    poll.toMulti(),
                    Multi.createBy().repeating().uni(() -> poll).withDelay(pollInterval).indefinitely());
            return polls
                    .skip().repetitions((a, b) -> Integer.compare(a.alive(), b.alive()))
                    // emit the count that completes the wait, then a marker that ends the stream at once
                    .onItem().transformToMultiAndConcatenate(count -> count.complete()
                            ? Multi.createFrom().items(count, DONE) : Multi.createFrom().item(count))
                    .select().first(count -> count != DONE)
                    .onSubscription().invoke(() -> Log.debugf("cluster %s: waiting for %d worker(s) at %s", cluster,
                            desired, url))
                    .onCancellation().invoke(() -> Log.debugf("cluster %s: worker wait cancelled at %d of %d",
                            cluster, lastAlive.get(), desired));
        });
    }

    /**
     * After the wait: every change of the alive count away from {@code lastSeen}, so that workers added or
     * removed while the job runs (elastic scaling) show. Endless until cancelled; a failed or empty query is
     * skipped ("no data"), not an error.
     */
    public Multi<Integer> follow(String cluster, int lastSeen) {
        String url = metricsUrl.apply(cluster);
        Multi<Integer> polls = Multi.createFrom().ticks().every(config.pollInterval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> graphite.latest(url, ALIVE_WORKERS)
                        .onFailure().recoverWithItem(Optional.empty()))
                .filter(Optional::isPresent)
                .map(value -> (int) Math.round(value.get()));
        // lastSeen goes first so that only changes from it are emitted, then it is dropped itself
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(lastSeen), polls)
                .skip().repetitions()
                .skip().first();
    }

    private static final WorkerCount DONE = new WorkerCount(-1, -1, Duration.ZERO);
}
