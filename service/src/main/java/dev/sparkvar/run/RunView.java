package dev.sparkvar.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as the API shows it and as it is persisted: state, parameters, cluster, per-state timings, result.
 *
 * @param queuePosition 1-based place in the admission queue while {@code QUEUED}
 * @param timings     when each state was entered
 * @param confDir     the per-run folder with the driver's {@code metrics.properties} and {@code spark-defaults.conf}
 * @param lastEventId id of the newest event
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(String id, RunState state, Integer queuePosition, String reason, Instant created, Instant finished,
                      Double durationSeconds, RunParameters parameters, ClusterInfo cluster,
                      Map<RunState, Instant> timings, String confDir, Long jobPid, Integer exitCode,
                      List<String> warnings, Map<String, Object> result, long lastEventId) {
}
