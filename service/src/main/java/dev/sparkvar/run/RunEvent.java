package dev.sparkvar.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a run as streamed over SSE: {@code id} is the run's sequence number (SSE {@code id:}, used by
 * {@code Last-Event-ID}), {@code name} the SSE {@code event:} and {@code data} its JSON payload.
 */
public record RunEvent(long id, String name, Instant time, Map<String, Object> data) {

    /** Not a real event: tells a stream to write an SSE comment line. */
    static final RunEvent HEARTBEAT = new RunEvent(-1, "heartbeat", Instant.EPOCH, Map.of());

    public static final String ACCEPTED = "accepted";
    public static final String QUEUED = "queued";
    public static final String ADMITTED = "admitted";
    public static final String CLUSTER_CREATED = "cluster-created";
    /** The run took a warm pool's slot: {@code slot}, {@code cluster}, {@code readySeconds}, {@code waitedSeconds}. */
    public static final String POOL_SLOT = "pool-slot";
    public static final String WORKERS = "workers";
    public static final String CLUSTER_SCALED = "cluster-scaled";
    public static final String JOB_STARTED = "job-started";
    public static final String PROGRESS = "progress";
    public static final String RESULT = "result";
    public static final String WARNING = "warning";
    public static final String CLUSTER_DELETED = "cluster-deleted";

    /** Event data from key-value pairs; unlike {@code Map.of} it keeps order and allows null values (JSON nulls). */
    static Map<String, Object> data(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    boolean isHeartbeat() {
        return this == HEARTBEAT;
    }
}
