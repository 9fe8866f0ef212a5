package dev.sparkvar.job.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sparkvar.job.Moments;
import dev.sparkvar.job.RiskFigures;
import dev.sparkvar.job.StandardErrors;
import dev.sparkvar.job.VarResult;

/**
 * One model's figures in the result's {@code models} object. Level keys as in the top-level figures.
 *
 * @param var value at risk per level, as a P&amp;L
 * @param expectedShortfall mean P&amp;L at or below the VaR, per level
 * @param varStandardError standard error of the VaR per level, from independent batches (null: too few paths)
 * @param expectedShortfallStandardError standard error of the expected shortfall per level, likewise
 * @param varConfidence 95 % order-statistic interval of the VaR, per level
 * @param pnl mean and sample stddev of the simulated P&amp;L
 * @param histogram counts over the first model's bins, so that the models' histograms overlay
 * @param commonDates common dates the model was estimated from (correlated, historical), else absent
 * @param factor {@code cholesky} or {@code eigen} (correlated only)
 * @param rank normals drawn per simulated day (correlated only)
 * @param notes what the model assumed and how, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"var", "expectedShortfall", "varStandardError", "expectedShortfallStandardError", "varConfidence",
        "pnl", "histogram", "commonDates", "factor", "rank", "notes"})
public record ModelFigures(
        Map<String, Double> var,
        Map<String, Double> expectedShortfall,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Double> varStandardError,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Double> expectedShortfallStandardError,
        Map<String, double[]> varConfidence,
        VarResult.Pnl pnl,
        Histogram histogram,
        Integer commonDates,
        String factor,
        Integer rank,
        List<String> notes) {

    /**
     * Counts over given bin edges (the first model's). {@code below} and {@code above} count the outcomes
     * outside them, which another model's wider tails can produce.
     */
    public record Histogram(double[] edges, long[] counts, long below, long above) {
    }

    /** Facts about how a model was set up, for its entry. */
    public record Setup(Integer commonDates, String factor, Integer rank, List<String> notes) {
    }

    /** One model's figures ({@code weights}: likelihood ratios, or null), its histogram over {@code edges}. */
    public static ModelFigures of(RiskFigures figures, double[] outcomes, double[] weights, List<Double> levels,
            double[] edges, Setup setup) {
        StandardErrors errors = StandardErrors.of(outcomes, weights, figures, levels);
        Map<String, Double> var = new LinkedHashMap<>();
        Map<String, Double> es = new LinkedHashMap<>();
        Map<String, double[]> ci = new LinkedHashMap<>();
        for (double level : levels) {
            String key = Double.toString(level);
            var.put(key, figures.valueAtRisk(level));
            es.put(key, figures.expectedShortfall(level));
            ci.put(key, figures.confidenceInterval(level));
        }
        return new ModelFigures(var, es, errors.var(), errors.expectedShortfall(), ci,
                new VarResult.Pnl(Moments.mean(outcomes, weights), Moments.stddev(outcomes, weights)),
                histogram(figures.sorted(), figures.sortedWeights(), edges), setup.commonDates(), setup.factor(),
                setup.rank(), List.copyOf(setup.notes()));
    }

    /**
     * Counts sorted values into the bins {@code [edges[b], edges[b+1])}, the last bin closed, as
     * {@link RiskFigures#histogram} does; values outside {@code [edges[0], edges[bins]]} go to below/above.
     * With weights (importance sampling) each bin holds its rounded weight: the estimated number of paths.
     */
    static Histogram histogram(double[] sorted, double[] weights, double[] edges) {
        int bins = edges.length - 1;
        double[] mass = new double[bins];
        double below = 0;
        double above = 0;
        int b = 0;
        for (int i = 0; i < sorted.length; i++) {
            double v = sorted[i];
            double w = weights == null ? 1 : weights[i];
            if (v < edges[0]) {
                below += w;
            } else if (v > edges[bins]) {
                above += w;
            } else {
                while (b < bins - 1 && v >= edges[b + 1]) {
                    b++;
                }
                mass[b] += w;
            }
        }
        long[] counts = new long[bins];
        for (int i = 0; i < bins; i++) {
            counts[i] = Math.round(mass[i]);
        }
        return new Histogram(edges.clone(), counts, Math.round(below), Math.round(above));
    }
}
