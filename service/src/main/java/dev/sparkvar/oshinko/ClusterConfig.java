package dev.sparkvar.oshinko;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Oshinko's cluster config ([F] generation, the one with metrics and scorpion stare), plus the optional
 * {@code minWorkers}/{@code maxWorkers} bounds of our elastic loop. {@code null} means "not set".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterConfig(
        String name,
        Integer masterCount,
        Integer workerCount,
        String sparkMasterConfig,
        String sparkWorkerConfig,
        String sparkImage,
        Metrics metrics,
        ScorpionStare scorpionstare,
        Integer minWorkers,
        Integer maxWorkers) {

    /** A config that only names a stored config. */
    public static ClusterConfig named(String name) {
        return new ClusterConfig(name, null, null, null, null, null, null, null, null, null);
    }

    /** A config that only sets the worker count (oshinko's scale request). */
    public static ClusterConfig workers(int workerCount) {
        return new ClusterConfig(null, null, workerCount, null, null, null, null, null, null, null);
    }

    /** Whether metrics are on ({@code metrics.enable} parses as true). */
    public boolean metricsEnabled() {
        return metrics != null && Boolean.parseBoolean(metrics.enable());
    }

    /** Whether the elastic-worker daemon is on ({@code scorpionstare.enable} parses as true). */
    public boolean scorpionStareEnabled() {
        return scorpionstare != null && Boolean.parseBoolean(scorpionstare.enable());
    }

    /** [F]'s metrics group: all strings, as in the ConfigMap. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metrics(String enable, String carbon, String graphite) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public Metrics {
        }

        /** [C] sends {@code "metrics":"true"} (or false, jolokia, prometheus): read it as the enable flag. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Metrics of(String enable) {
            return new Metrics(enable, null, null);
        }
    }

    /** [F]'s scorpion-stare group: all strings, as in the ConfigMap. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScorpionStare(String enable, String image) {
    }
}
