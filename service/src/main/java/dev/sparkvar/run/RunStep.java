package dev.sparkvar.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's event as it passes (a CDI event, fired by {@link Runs} after the run's record is saved): what observers
 * outside this package, such as the metrics (observe/), learn of runs by, so that runs never depend on them.
 * Observers must be quick and must not throw: they run on the thread that emitted the event.
 */
public record RunStep(Run run, RunEvent event) {

    /** The MDC keys of a log line about a run (README, "Logs"). */
    public static final String RUN_ID = "runId";
    public static final String CLUSTER = "cluster";

    /** The fields a log line about {@code run} carries: its id, and its cluster's name once it has one. */
    public static Map<String, String> logFields(Run run) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(RUN_ID, run.id());
        ClusterInfo cluster = run.cluster();
        if (cluster != null && cluster.name() != null) {
            fields.put(CLUSTER, cluster.name());
        }
        return fields;
    }
}
