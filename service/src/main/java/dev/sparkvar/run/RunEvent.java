package dev.sparkvar.run;

import java.time.Instant;
import java.util.Map;

/**
 * One step of a run as streamed over SSE: {@code id} is the run's sequence number (SSE {@code id:}, used by
 * {@code Last-Event-ID}), {@code name} the SSE {@code event:} and {@code data} its JSON payload.
 */
public record RunEvent(long id, String name, Instant time, Map<String, Object> data) {

    /** Not a real event: tells a stream to write an SSE comment line. */
    static final RunEvent HEARTBEAT = new RunEvent(-1, "heartbeat", Instant.EPOCH, Map.of());

    public static final String ACCEPTED = "accepted";
    public static final String CLUSTER_CREATED = "cluster-created";
    public static final String WORKERS = "workers";
    public static final String CLUSTER_SCALED = "cluster-scaled";
    public static final String JOB_STARTED = "job-started";
    public static final String PROGRESS = "progress";
    public static final String RESULT = "result";
    public static final String WARNING = "warning";
    public static final String CLUSTER_DELETED = "cluster-deleted";

    boolean isHeartbeat() {
        return this == HEARTBEAT;
    }
}
