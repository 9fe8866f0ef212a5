package dev.sparkvar.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code result} event's payload: the risk figures per level, without the bulky curves and walks. */
final class ResultSummary {

    static final List<String> FIELDS = List.of("var", "expectedShortfall", "varConfidence", "pnl", "initialValue",
            "simulations", "horizonDays", "seed", "levels", "warnings");

    private ResultSummary() {
    }

    static Map<String, Object> of(Map<String, Object> result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (result.containsKey(field)) {
                summary.put(field, result.get(field));
            }
        }
        return summary;
    }
}
