package dev.sparkvar.run;

import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.LogSafe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The risk-model part of a run request: {@code models}, {@code backtestDays} and {@code estimationDays}, checked
 * and defaulted as the job does (spark-job/README.md, "Risk models" and "Backtest"). Whether the portfolio has
 * enough common dates for the backtest only the job can tell (exit 2, naming it).
 *
 * @param models         in the order asked, duplicates dropped
 * @param backtestDays   0 for no backtest
 * @param estimationDays each forecast's window
 */
record ModelOptions(List<RiskModel> models, int backtestDays, int estimationDays) {

    static final List<RiskModel> DEFAULT_MODELS = List.of(RiskModel.INDEPENDENT);
    static final int DEFAULT_ESTIMATION_DAYS = 250;
    /** A sample variance needs two dates. */
    static final int MIN_ESTIMATION_DAYS = 2;

    /** The request's model options with defaults applied; every bad field is added to {@code errors}. */
    static ModelOptions of(RunRequest r, RunsConfig config, List<FieldError> errors) {
        List<RiskModel> models = DEFAULT_MODELS;
        if (r.models() != null) {
            if (r.models().isEmpty()) {
                errors.add(new FieldError("models", "must list at least one of " + RiskModel.names()));
            }
            Set<RiskModel> chosen = new LinkedHashSet<>();
            for (int i = 0; i < r.models().size(); i++) {
                RiskModel model = RiskModel.of(r.models().get(i));
                if (model == null) {
                    errors.add(new FieldError("models[" + i + "]", "must be one of " + RiskModel.names()
                            + ", was " + quoted(r.models().get(i))));
                } else {
                    chosen.add(model);
                }
            }
            models = chosen.isEmpty() ? DEFAULT_MODELS : new ArrayList<>(chosen);
        }
        int backtestDays = r.backtestDays() == null ? 0 : r.backtestDays();
        if (backtestDays < 0 || backtestDays > config.maxBacktestDays()) {
            errors.add(new FieldError("backtestDays", "must be between 0 (no backtest) and "
                    + config.maxBacktestDays() + ", was " + backtestDays));
        }
        int estimationDays = r.estimationDays() == null ? DEFAULT_ESTIMATION_DAYS : r.estimationDays();
        if (estimationDays < MIN_ESTIMATION_DAYS || estimationDays > config.maxEstimationDays()) {
            errors.add(new FieldError("estimationDays", "must be between " + MIN_ESTIMATION_DAYS + " and "
                    + config.maxEstimationDays() + ", was " + estimationDays));
        }
        return new ModelOptions(List.copyOf(models), backtestDays, estimationDays);
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + LogSafe.of(value, 40) + "'";
    }
}
