package dev.sparkvar.elastic;

import dev.sparkvar.cluster.BackOff;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The loop's state for one cluster: its sample window, a busy flag (one pass at a time per cluster, whatever the
 * scheduler does) and the back-off after errors ({@link BackOff}, the reaper's too).
 */
final class ClusterWatch {

    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile List<Integer> window = List.of();
    private volatile int failures;
    private volatile long notBefore;

    List<Integer> window() {
        return window;
    }

    void window(List<Integer> window) {
        this.window = window;
    }

    /** Claims the cluster for a pass at {@code nanoTime}: false while a pass runs or a back-off lasts. */
    boolean tryStart(long nanoTime) {
        if (failures > 0 && nanoTime - notBefore < 0) {
            return false;
        }
        return busy.compareAndSet(false, true);
    }

    /** Ends the pass claimed by {@link #tryStart}. */
    void release() {
        busy.set(false);
    }

    /** A pass went through: no more back-off. */
    void succeeded() {
        failures = 0;
    }

    /** A pass failed at {@code nanoTime}: the wait before the next one. */
    Duration failed(long nanoTime, BackOff backOff) {
        Duration wait = backOff.after(++failures);
        notBefore = nanoTime + wait.toNanos();
        return wait;
    }
}
