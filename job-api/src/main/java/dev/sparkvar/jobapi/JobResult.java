package dev.sparkvar.jobapi;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The figures of the job's result document that the service checks before it keeps the document (which has many
 * more fields: spark-job/README.md). Maps keyed by level use {@link #levelKey(double)}, e.g. {@code "0.05"}.
 *
 * @param simulations simulations run, as asked
 * @param levels the VaR levels, as asked
 * @param var value-at-risk per level, dollars, negative = loss
 * @param expectedShortfall expected shortfall per level, dollars
 * @param varStandardError standard error of the VaR per level, dollars; absent from results written before the
 *                         job reported it, a null value when too few simulations to estimate it
 * @param expectedShortfallStandardError standard error of the expected shortfall per level, likewise
 */
public record JobResult(
        @NotNull(message = Messages.NON_NEGATIVE_INTEGER)
        @PositiveOrZero(message = Messages.NON_NEGATIVE_INTEGER)
        Integer simulations,
        List<Double> levels,
        @NotNull(message = Messages.PER_LEVEL)
        Map<String, @NotNull(message = Messages.NUMBER) Double> var,
        @NotNull(message = Messages.PER_LEVEL)
        Map<String, @NotNull(message = Messages.NUMBER) Double> expectedShortfall,
        Map<String, @PositiveOrZero(message = Messages.NON_NEGATIVE_NUMBER) Double> varStandardError,
        Map<String, @PositiveOrZero(message = Messages.NON_NEGATIVE_NUMBER) Double> expectedShortfallStandardError) {

    /** The figures without standard errors (a result written before the job reported them). */
    public JobResult(Integer simulations, List<Double> levels, Map<String, Double> var,
            Map<String, Double> expectedShortfall) {
        this(simulations, levels, var, expectedShortfall, null, null);
    }

    /** The key of {@code level} in the per-level maps: {@link Double#toString(double)}. */
    public static String levelKey(double level) {
        return Double.toString(level);
    }
}
