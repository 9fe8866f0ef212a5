package dev.sparkvar.cluster;

import java.time.Duration;

/** Not every wanted worker registered with the master in time. */
public class WorkerWaitTimeoutException extends RuntimeException {

    private final String cluster;
    private final int alive;
    private final int desired;

    public WorkerWaitTimeoutException(String cluster, int alive, int desired, Duration after, String lastProblem) {
        super("cluster " + cluster + ": " + alive + " of " + desired + " workers registered after " + human(after)
                + (lastProblem == null ? "" : " (last metrics query: " + lastProblem + ")"));
        this.cluster = cluster;
        this.alive = alive;
        this.desired = desired;
    }

    public String cluster() {
        return cluster;
    }

    public int alive() {
        return alive;
    }

    public int desired() {
        return desired;
    }

    /** 5m, 90s, 1m30s, 500ms: as short as the value allows. */
    public static String human(Duration d) {
        if (d.toMillis() % 1000 != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s > 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
