package dev.sparkvar.run;

import dev.sparkvar.jobapi.ResultDocument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code result} event's payload and the result in the runs list: the risk figures per level with their
 * standard errors, each model's figures (standard errors included) and the backtest's statistics, without the
 * bulky histograms, curves, walks and backtest series ({@code GET /runs/{id}} keeps the whole document).
 */
final class ResultSummary {

    /** The top-level figures kept. */
    static final List<String> FIELDS = ResultDocument.SUMMARY;
    /** Per model: everything but its histogram (var, expectedShortfall, varConfidence, pnl, notes, …). */
    static final String MODELS = ResultDocument.MODELS;
    static final String MODEL_HISTOGRAM = ResultDocument.HISTOGRAM;
    /** The backtest: days, window, dates, the statistics per model and level, but not the daily series. */
    static final String BACKTEST = ResultDocument.BACKTEST;
    static final String BACKTEST_SERIES = ResultDocument.BACKTEST_SERIES;

    private ResultSummary() {
    }

    static Map<String, Object> of(Map<String, Object> result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (result.containsKey(field)) {
                summary.put(field, result.get(field));
            }
        }
        if (result.get(MODELS) instanceof Map<?, ?> models) {
            Map<Object, Object> figures = new LinkedHashMap<>();
            models.forEach((name, model) -> figures.put(name, without(model, MODEL_HISTOGRAM)));
            summary.put(MODELS, figures);
        }
        if (result.containsKey(BACKTEST)) {
            // null when the run asked for no backtest: kept, so that "no backtest" is said, not left to guess
            summary.put(BACKTEST, without(result.get(BACKTEST), BACKTEST_SERIES));
        }
        return summary;
    }

    private static Object without(Object value, String key) {
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<Object, Object> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return copy;
    }
}
