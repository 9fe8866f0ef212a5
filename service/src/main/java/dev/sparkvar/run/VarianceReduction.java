package dev.sparkvar.run;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the job samples its paths (spark-job/README.md, "Importance sampling"). */
public enum VarianceReduction {
    /** Plain Monte Carlo: the notebook's draws. */
    NONE("none"),
    /** Draws shifted (normal models) or tilted (historical) towards the smallest level's losses, paths weighted. */
    IMPORTANCE("importance");

    private final String json;

    VarianceReduction(String json) {
        this.json = json;
    }

    /** The name in the API and on the job's command line. */
    @JsonValue
    public String json() {
        return json;
    }

    /** Parses the JSON name (any case); unknown names give null, which validation reports. */
    public static VarianceReduction of(String value) {
        return Arrays.stream(values()).filter(m -> m.json.equalsIgnoreCase(value)).findFirst().orElse(null);
    }

    public static String names() {
        return Arrays.stream(values()).map(VarianceReduction::json).collect(Collectors.joining(", "));
    }
}
