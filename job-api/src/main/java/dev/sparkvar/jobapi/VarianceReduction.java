package dev.sparkvar.jobapi;

/**
 * How the job samples its paths (spark-job/README.md, "Importance sampling"): the names of
 * {@link JobOptions#VARIANCE_REDUCTION}, of {@code POST /runs}' {@code varianceReduction} and of the result's field.
 */
public enum VarianceReduction {
    /** Plain Monte Carlo: the notebook's draws. */
    NONE,
    /** Draws shifted (normal models) or tilted (historical) towards the smallest level's losses, paths weighted. */
    IMPORTANCE;

    /** The name in the API, on the job's command line and in the result: {@code none}, … */
    public String key() {
        return Keys.of(this);
    }

    /** The constant named {@code key} (any case, surrounding blanks ignored), or null when none is. */
    public static VarianceReduction of(String key) {
        return Keys.find(values(), key);
    }

    /** The keys, comma-separated, for messages: {@code none, importance}. */
    public static String names() {
        return Keys.names(values());
    }
}
