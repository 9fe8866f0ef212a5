package dev.sparkvar.run;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a run's job executes. */
public enum ClusterMode {
    /** An ephemeral cluster created through oshinko (or the embedded local backend), deleted at the end. */
    EPHEMERAL("ephemeral"),
    /** An existing Spark master given by {@code masterUrl}; nothing is created or deleted. */
    MASTER("master"),
    /** Spark's {@code local[*]} inside the job JVM; no cluster. */
    LOCAL("local");

    private final String json;

    ClusterMode(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Parses the JSON name; unknown names give null, which validation reports. */
    public static ClusterMode of(String value) {
        return Arrays.stream(values()).filter(m -> m.json.equalsIgnoreCase(value)).findFirst().orElse(null);
    }

    public static String names() {
        return Arrays.stream(values()).map(ClusterMode::json).collect(Collectors.joining(", "));
    }
}
