package dev.sparkvar.kube;

import dev.sparkvar.cluster.WorkerCount;
import dev.sparkvar.cluster.WorkerWaitTimeoutException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The worker wait and follow of the cluster port over a count source (the master's JSON status): the same
 * contract as the Graphite-based one, so that the run flow cannot tell the backends apart.
 */
final class WorkerWatch {

    private static final WorkerCount DONE = new WorkerCount(-1, -1, Duration.ZERO);

    private final Function<String, Uni<Optional<Integer>>> alive;
    private final Duration pollInterval;
    private final Duration timeout;

    WorkerWatch(Function<String, Uni<Optional<Integer>>> alive, Duration pollInterval, Duration timeout) {
        this.alive = alive;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
    }

    /** The first count, then each change, until {@code alive >= desired}; a timeout after the configured wait. */
    Multi<WorkerCount> watch(String cluster, int desired) {
        if (desired < 0) {
            return Multi.createFrom().failure(new IllegalArgumentException(
                    "cluster " + cluster + ": desired worker count must be >= 0, got " + desired));
        }
        return Multi.createFrom().deferred(() -> {
            long start = System.nanoTime();
            AtomicReference<String> lastProblem = new AtomicReference<>();
            AtomicBoolean sawData = new AtomicBoolean();
            Uni<WorkerCount> poll = Uni.createFrom().deferred(() -> alive.apply(cluster))
                    .onFailure().recoverWithItem(failure -> {
                        lastProblem.set(failure.getMessage());
                        Log.debugf("cluster %s: master status failed: %s", cluster, failure.getMessage());
                        return Optional.empty();
                    })
                    .map(value -> {
                        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                        value.ifPresent(v -> sawData.set(true));
                        int count = value.orElse(0);
                        if (count < desired && elapsed.compareTo(timeout) >= 0) {
                            String problem = lastProblem.get() != null || sawData.get() ? lastProblem.get()
                                    : "the master's status never answered";
                            throw new WorkerWaitTimeoutException(cluster, count, desired, timeout, problem);
                        }
                        return new WorkerCount(count, desired, elapsed);
                    });
            Multi<WorkerCount> polls = Multi.createBy().concatenating().streams(poll.toMulti(),
                    Multi.createBy().repeating().uni(() -> poll).withDelay(pollInterval).indefinitely());
            return polls
                    .skip().repetitions((a, b) -> Integer.compare(a.alive(), b.alive()))
                    .onItem().transformToMultiAndConcatenate(count -> count.complete()
                            ? Multi.createFrom().items(count, DONE) : Multi.createFrom().item(count))
                    .select().first(count -> count != DONE);
        });
    }

    /** Every change of the count away from {@code lastSeen}; a failed or empty answer is skipped. Endless. */
    Multi<Integer> follow(String cluster, int lastSeen) {
        Multi<Integer> polls = Multi.createFrom().ticks().every(pollInterval)
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> Uni.createFrom().deferred(() -> alive.apply(cluster))
                        .onFailure().recoverWithItem(Optional.empty()))
                .filter(Optional::isPresent)
                .map(Optional::get);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(lastSeen), polls)
                .skip().repetitions()
                .skip().first();
    }
}
