package dev.sparkvar.jobapi;

/**
 * A risk model the job computes side by side with the others (spark-job/README.md, "Risk models"): the one list of
 * names the service's {@code POST /runs} accepts, the job's {@link JobOptions#MODELS} parses and the result's
 * {@code models} object is keyed by.
 */
public enum RiskModel {
    /** Each ticker's daily change drawn independently from its own normal: the notebook's model. */
    INDEPENDENT,
    /** Multivariate normal daily changes with the sample covariance over the common dates. */
    CORRELATED,
    /** Historical simulation: each simulated day replays one common date's changes. */
    HISTORICAL;

    /** The name in the API, on the job's command line and in the result: {@code independent}, … */
    public String key() {
        return Keys.of(this);
    }

    /** The constant named {@code key} (any case, surrounding blanks ignored), or null when none is. */
    public static RiskModel of(String key) {
        return Keys.find(values(), key);
    }

    /** The keys, comma-separated, for messages: {@code independent, correlated, historical}. */
    public static String names() {
        return Keys.names(values());
    }
}
