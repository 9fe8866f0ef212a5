package dev.sparkvar.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Standard errors per level (keys as {@code var}), dollars; values null when not estimable. */
public record StandardErrors(Map<String, Double> var, Map<String, Double> expectedShortfall) {

    /**
     * Independent batches behind the standard errors: simulation {@code k} goes to batch {@code k mod 20}, a
     * function of the index alone, so the errors do not depend on the partitioning either.
     */
    public static final int BATCHES = 20;
    /** Fewest simulations with standard errors: too few for a batch to say anything about a tail. */
    static final int MIN_SIMULATIONS = 5 * BATCHES;

    /**
     * Standard errors of the VaR and the expected shortfall per level, from {@link #BATCHES} independent batches
     * (simulation {@code k} in batch {@code k mod 20}): {@code SE² = Σ_b (θ_b − θ̂)² / (B(B − 1))} with
     * {@code θ_b} a batch's estimate and {@code θ̂} the whole run's (sectioning: Asmussen and Glynn, Stochastic
     * Simulation, III.5). A batch's estimate uses {@code n/20} paths, so its bias (larger than the whole run's)
     * enters the error too, which keeps it on the safe side. Null values when there are fewer than
     * {@code 5 × 20} simulations: too few for a batch to say anything about a tail.
     */
    public static StandardErrors of(double[] outcomes, double[] weights, RiskFigures whole,
            List<Double> levels) {
        Map<String, Double> var = new LinkedHashMap<>();
        Map<String, Double> es = new LinkedHashMap<>();
        int n = outcomes.length;
        int[] order = whole.order(); // importance sampling only, else null
        if (n < MIN_SIMULATIONS) {
            for (double level : levels) {
                var.put(Double.toString(level), null);
                es.put(Double.toString(level), null);
            }
            return new StandardErrors(var, es);
        }
        double[][] batchVar = new double[levels.size()][BATCHES];
        double[][] batchEs = new double[levels.size()][BATCHES];
        double[][] ws = new double[BATCHES][];
        // plain sampling: the batches come sorted from the run's own sort (SortedBatches), handed over once
        double[][] xs = weights == null ? whole.takeSortedBatches() : null;
        boolean sorted = xs != null;
        if (xs == null) {
            xs = new double[BATCHES][];
            for (int b = 0; b < BATCHES; b++) {
                xs[b] = new double[(n - b + BATCHES - 1) / BATCHES];
                ws[b] = weights == null ? null : new double[xs[b].length];
            }
            if (weights != null && order != null) {
                // dealt out from the run's sorted order, each batch comes out sorted by (P&L, index): no 20 sorts
                int[] filled = new int[BATCHES];
                for (int i = 0; i < n; i++) {
                    int k = order[i];
                    int b = k % BATCHES;
                    xs[b][filled[b]] = outcomes[k];
                    ws[b][filled[b]++] = weights[k];
                }
                sorted = true;
            } else {
                for (int b = 0; b < BATCHES; b++) {
                    for (int j = 0, k = b; k < n; j++, k += BATCHES) {
                        xs[b][j] = outcomes[k];
                        if (weights != null) {
                            ws[b][j] = weights[k];
                        }
                    }
                }
            }
        }
        for (int b = 0; b < BATCHES; b++) {
            RiskFigures batch = sorted ? RiskFigures.presorted(xs[b], ws[b]) : new RiskFigures(xs[b], ws[b]);
            for (int l = 0; l < levels.size(); l++) {
                batchVar[l][b] = batch.valueAtRisk(levels.get(l));
                batchEs[l][b] = batch.expectedShortfall(levels.get(l));
            }
        }
        for (int l = 0; l < levels.size(); l++) {
            double level = levels.get(l);
            var.put(Double.toString(level), sectioning(batchVar[l], whole.valueAtRisk(level)));
            es.put(Double.toString(level), sectioning(batchEs[l], whole.expectedShortfall(level)));
        }
        return new StandardErrors(var, es);
    }

    private static double sectioning(double[] estimates, double whole) {
        double ss = 0;
        for (double e : estimates) {
            ss += (e - whole) * (e - whole);
        }
        return Math.sqrt(ss / (estimates.length * (estimates.length - 1.0)));
    }
}
