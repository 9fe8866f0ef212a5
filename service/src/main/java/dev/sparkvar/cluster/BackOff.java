package dev.sparkvar.cluster;

import java.time.Duration;

/**
 * The one back-off of the loops that keep trying a cluster on their own schedule (the reaper's deletions, the
 * elastic loop's passes): {@code first} after one failure, doubling with each further failure in a row, never more
 * than {@code max}. (Single calls retry inside the oshinko client's guards instead.)
 */
public record BackOff(Duration first, Duration max) {

    public BackOff {
        if (first.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("a back-off cannot be negative: " + first + ", " + max);
        }
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first): {@code first × 2^(failures−1)}, capped. */
    public Duration after(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        Duration wait = first.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
