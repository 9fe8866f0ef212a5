package dev.sparkvar.cluster;

import java.time.Duration;

/** Workers registered with a cluster's master ({@code master.aliveWorkers}) against those wanted, and the time waited. */
public record WorkerCount(int alive, int desired, Duration elapsed) {

    /** Whether every wanted worker has registered. */
    public boolean complete() {
        return alive >= desired;
    }
}
