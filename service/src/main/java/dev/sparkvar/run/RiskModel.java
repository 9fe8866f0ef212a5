package dev.sparkvar.run;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A risk model the job computes side by side with the others (spark-job/README.md, "Risk models"). */
public enum RiskModel {
    /** Each ticker's daily change drawn independently from its own normal: the notebook's model. */
    INDEPENDENT("independent"),
    /** Multivariate normal daily changes with the sample covariance over the common dates. */
    CORRELATED("correlated"),
    /** Historical simulation: each simulated day replays one common date's changes. */
    HISTORICAL("historical");

    private final String json;

    RiskModel(String json) {
        this.json = json;
    }

    /** The name in the API and on the job's command line. */
    @JsonValue
    public String json() {
        return json;
    }

    /** Parses the JSON name; unknown names give null, which validation reports. */
    public static RiskModel of(String value) {
        return Arrays.stream(values()).filter(m -> m.json.equalsIgnoreCase(value)).findFirst().orElse(null);
    }

    public static String names() {
        return Arrays.stream(values()).map(RiskModel::json).collect(Collectors.joining(", "));
    }
}
