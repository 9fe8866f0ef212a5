package dev.sparkvar.jobapi;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the job samples its paths (spark-job/README.md, "Importance sampling"): the names of
 * {@link JobOptions#VARIANCE_REDUCTION}, of {@code POST /runs}' {@code varianceReduction} and of the result's field.
 */
public enum VarianceReduction {
    /** Plain Monte Carlo: the notebook's draws. */
    NONE,
    /** Draws shifted (normal models) or tilted (historical) towards the smallest level's losses, paths weighted. */
    IMPORTANCE;

    /** The name in the API, on the command line and in the result: {@code none}, {@code importance}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The method named {@code key} (any case, surrounding blanks ignored), or null when none is. */
    public static VarianceReduction of(String key) {
        return key == null ? null : Arrays.stream(values())
                .filter(m -> m.key().equals(key.strip().toLowerCase(Locale.ROOT))).findFirst().orElse(null);
    }

    /** The keys, comma-separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(VarianceReduction::key).collect(Collectors.joining(", "));
    }
}
