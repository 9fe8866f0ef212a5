package dev.sparkvar.elastic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The scorpion-stare daemon's rules as a pure function: executors wanted → workers, the maximum over a window of
 * recent samples, scale up at once, scale down by half the gap once the window is full, within bounds.
 */
public final class ScalingPolicy {

    private final int windowSamples;
    private final int executorsPerWorker;

    /**
     * @param windowSamples      samples the maximum is taken over (the original: 30 s / 5 s = 6)
     * @param executorsPerWorker executors one worker holds (worker cores / {@code spark.executor.cores})
     */
    public ScalingPolicy(int windowSamples, int executorsPerWorker) {
        if (windowSamples < 1) {
            throw new IllegalArgumentException("window must hold at least 1 sample, got " + windowSamples);
        }
        if (executorsPerWorker < 1) {
            throw new IllegalArgumentException("executors per worker must be at least 1, got " + executorsPerWorker);
        }
        this.windowSamples = windowSamples;
        this.executorsPerWorker = executorsPerWorker;
    }

    /** Samples in a window of {@code window} at one per {@code interval}: at least 1, rounded up. */
    public static int samples(Duration window, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        long n = (window.toMillis() + interval.toMillis() - 1) / interval.toMillis();
        return (int) Math.max(1, Math.min(n, 10_000));
    }

    public int windowSamples() {
        return windowSamples;
    }

    public int executorsPerWorker() {
        return executorsPerWorker;
    }

    /** Workers that hold {@code executors} executors: {@code max(1, ceil(executors / executorsPerWorker))}. */
    public int workersFor(double executors) {
        if (Double.isNaN(executors) || executors <= 0) {
            return 1; // the original's max(1, target): an idle cluster keeps one worker
        }
        double workers = Math.ceil(executors / executorsPerWorker - 1e-9);
        return (int) Math.max(1, Math.min(workers, Integer.MAX_VALUE));
    }

    /** The window after adding {@code sample} (in workers), oldest dropped beyond {@link #windowSamples()}. */
    public List<Integer> push(List<Integer> window, int sample) {
        List<Integer> next = new ArrayList<>(window);
        next.add(sample);
        while (next.size() > windowSamples) {
            next.remove(0);
        }
        return Collections.unmodifiableList(next);
    }

    /**
     * What to ask for, given the window (newest last, in workers) and the cluster's desired worker count.
     *
     * @param window    the samples, at least one
     * @param available the cluster's desired worker count ({@code config.workerCount} from oshinko)
     * @param bounds    the worker bounds of this cluster
     */
    public Decision decide(List<Integer> window, int available, Bounds bounds) {
        if (window.isEmpty()) {
            throw new IllegalArgumentException("no sample in the window");
        }
        int wanted = Collections.max(window);
        int target = Math.min(bounds.max(), Math.max(bounds.min(), wanted));
        String why = String.format(Locale.ROOT, "drivers want %d worker%s (max of the last %d sample%s at %d executor%s"
                        + " per worker)%s", wanted, wanted == 1 ? "" : "s", window.size(), window.size() == 1 ? "" : "s",
                executorsPerWorker, executorsPerWorker == 1 ? "" : "s", bounds.note(wanted));
        if (target > available) {
            return new Decision(available, target, "scale up: " + why);
        }
        if (target < available) {
            if (window.size() < windowSamples) {
                return Decision.hold(available, "holding " + available + ": window not full yet ("
                        + window.size() + " of " + windowSamples + " samples); " + why);
            }
            // halve the gap per tick; (t + a) / 2 < a whenever t < a, so this always moves
            int to = Math.max(bounds.min(), (target + available) / 2);
            return new Decision(available, to, "scale down by half the gap toward " + target + ": " + why);
        }
        return Decision.hold(available, "steady at " + available + ": " + why);
    }

    /** Fewest and most workers a cluster may be given. */
    public record Bounds(int min, int max) {

        public Bounds {
            if (min < 1) {
                throw new IllegalArgumentException("minWorkers must be at least 1, got " + min);
            }
            if (max < min) {
                throw new IllegalArgumentException("maxWorkers (" + max + ") is below minWorkers (" + min + ")");
            }
        }

        /**
         * The cluster config's bounds where set, else the global ones; a cluster minimum above the effective
         * maximum is lowered to it rather than rejected (oshinko already checked the cluster's own pair).
         */
        public static Bounds of(Integer clusterMin, Integer clusterMax, int globalMin, int globalMax) {
            int max = clusterMax != null && clusterMax >= 1 ? clusterMax : globalMax;
            int min = clusterMin != null && clusterMin >= 1 ? clusterMin : globalMin;
            max = Math.max(1, max);
            return new Bounds(Math.max(1, Math.min(min, max)), max);
        }

        String note(int wanted) {
            if (wanted > max) {
                return ", capped at maxWorkers " + max;
            }
            if (wanted < min) {
                return ", raised to minWorkers " + min;
            }
            return "";
        }
    }

    /** One tick's outcome: scale {@code from → to}, or hold when they are equal; {@code reason} says why. */
    public record Decision(int from, int to, String reason) {

        static Decision hold(int workers, String reason) {
            return new Decision(workers, workers, reason);
        }

        /** Whether the cluster must be scaled. */
        public boolean changes() {
            return from != to;
        }
    }
}
