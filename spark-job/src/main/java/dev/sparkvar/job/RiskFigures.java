package dev.sparkvar.job;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact order-statistic risk figures over all simulation outcomes (no approximate quantiles). With likelihood
 * ratios (importance sampling) the figures come from the weighted empirical distribution: outcomes sorted by
 * (P&amp;L, simulation index), so ties are ordered whatever the partitioning, and {@code F(x)} estimated by the
 * cumulative weight up to {@code x} divided by {@code n}.
 */
public final class RiskFigures {
    private static final double Z_975 = 1.959963984540054;
    /**
     * Independent batches behind the standard errors: simulation {@code k} goes to batch {@code k mod 20}, a
     * function of the index alone, so the errors do not depend on the partitioning either.
     */
    public static final int BATCHES = 20;

    private final double[] sorted;
    private final int n;
    /** Importance sampling only (else null): simulation indexes in sorted order, weights, cumulative weights. */
    private final int[] order;
    private final double[] sortedWeights;
    private final double[] cumulative;

    /** @param outcomes P&amp;L per simulation, in simulation-index order (not modified) */
    public RiskFigures(double[] outcomes) {
        this(outcomes, null);
    }

    /**
     * @param outcomes P&amp;L per simulation, in simulation-index order (not modified)
     * @param weights each simulation's likelihood ratio, same order, or null for plain sampling
     */
    public RiskFigures(double[] outcomes, double[] weights) {
        this.n = outcomes.length;
        if (weights == null) {
            this.sorted = outcomes.clone();
            Arrays.sort(sorted);
            this.order = null;
            this.sortedWeights = null;
            this.cumulative = null;
            return;
        }
        this.order = sortedOrder(outcomes);
        this.sorted = new double[n];
        this.sortedWeights = new double[n];
        this.cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            sorted[i] = outcomes[order[i]];
            sortedWeights[i] = weights[order[i]];
            total += sortedWeights[i];
            cumulative[i] = total;
        }
    }

    /** Weighted figures over outcomes already in (P&amp;L, index) order: a batch cut from a sorted run. */
    private RiskFigures(double[] sorted, double[] sortedWeights, Void presorted) {
        this.n = sorted.length;
        this.sorted = sorted;
        this.order = null;
        this.sortedWeights = sortedWeights;
        this.cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += sortedWeights[i];
            cumulative[i] = total;
        }
    }

    /** Whether these figures are weighted (importance sampling). */
    public boolean weighted() {
        return cumulative != null;
    }

    public double[] sorted() {
        return sorted;
    }

    /**
     * The notebook's VaR: {@code sorted[floor(level * n)]}, a P&amp;L (negative = loss). Weighted: the first
     * sorted outcome whose cumulative weight exceeds {@code level × n}, which is the same rank when every
     * weight is 1.
     */
    public double valueAtRisk(double level) {
        return sorted[varIndex(level)];
    }

    int varIndex(double level) {
        if (cumulative != null) {
            return weightedIndex(level);
        }
        return Math.min(n - 1, (int) Math.floor(level * n));
    }

    /** The first sorted index whose cumulative weight exceeds {@code p × n} (the last when none does). */
    private int weightedIndex(double p) {
        double target = p * n;
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Expected shortfall: the mean of the outcomes at or below the VaR (weighted by their likelihood ratios). */
    public double expectedShortfall(double level) {
        double var = valueAtRisk(level);
        double total = 0;
        double count = 0;
        for (int i = 0; i < n && sorted[i] <= var; i++) {
            double w = sortedWeights == null ? 1 : sortedWeights[i];
            total += w * sorted[i];
            count += w;
        }
        return total / count;
    }

    /**
     * Distribution-free 95 % confidence interval for the quantile: the order statistics at 0-based ranks
     * {@code floor(np - 1.96 sqrt(np(1-p)))} and {@code ceil(np + 1.96 sqrt(np(1-p)))}, clamped to the sample.
     * Weighted: the weighted quantiles at {@code p ∓ 1.96 s}, {@code s²} the estimated variance of the weighted
     * tail fraction ({@code (Σ_{x ≤ VaR} w² / n - p²) / n}, which is {@code p(1-p)/n} for unit weights).
     */
    public double[] confidenceInterval(double level) {
        if (cumulative != null) {
            int at = varIndex(level);
            double squares = 0;
            for (int i = 0; i <= at; i++) {
                squares += sortedWeights[i] * sortedWeights[i];
            }
            double half = Z_975 * Math.sqrt(Math.max(0, squares / n - level * level) / n);
            int lo = level - half <= 0 ? 0 : weightedIndex(level - half);
            int hi = weightedIndex(level + half);
            return new double[] {sorted[lo], sorted[hi]};
        }
        double np = n * level;
        double half = Z_975 * Math.sqrt(np * (1 - level));
        int lo = (int) Math.max(0, Math.floor(np - half));
        int hi = (int) Math.min(n - 1, Math.ceil(np + half));
        return new double[] {sorted[lo], sorted[hi]};
    }

    /** Weighted mean {@code Σ w x / Σ w} (the plain mean without weights), summed in simulation-index order. */
    public static double mean(double[] outcomes, double[] weights) {
        if (weights == null) {
            return mean(outcomes);
        }
        double total = 0;
        double w = 0;
        for (int k = 0; k < outcomes.length; k++) {
            total += weights[k] * outcomes[k];
            w += weights[k];
        }
        return total / w;
    }

    /** Weighted standard deviation, with the sample correction {@code n/(n-1)}; plain without weights. */
    public static double stddev(double[] outcomes, double[] weights) {
        if (weights == null) {
            return stddev(outcomes);
        }
        if (outcomes.length < 2) {
            return 0;
        }
        double m = mean(outcomes, weights);
        double ss = 0;
        double w = 0;
        for (int k = 0; k < outcomes.length; k++) {
            ss += weights[k] * (outcomes[k] - m) * (outcomes[k] - m);
            w += weights[k];
        }
        return Math.sqrt(ss / w * outcomes.length / (outcomes.length - 1));
    }

    /** Mean of the outcomes, summed in simulation-index order so it does not depend on partitioning. */
    public static double mean(double[] outcomes) {
        double total = 0;
        for (double v : outcomes) {
            total += v;
        }
        return total / outcomes.length;
    }

    /** Sample standard deviation (two-pass; 0 for a single outcome). */
    public static double stddev(double[] outcomes) {
        if (outcomes.length < 2) {
            return 0;
        }
        double m = mean(outcomes);
        double ss = 0;
        for (double v : outcomes) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (outcomes.length - 1));
    }

    /** Equal-width histogram from min to max (the last bin includes the max), like matplotlib's {@code hist}. */
    public Histogram histogram(int bins) {
        double lo = sorted[0];
        double hi = sorted[n - 1];
        if (lo == hi) { // matplotlib widens a degenerate range by 0.5 either side
            lo -= 0.5;
            hi += 0.5;
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = lo + (hi - lo) * i / bins;
        }
        edges[bins] = hi;
        long[] counts = new long[bins];
        double width = (hi - lo) / bins;
        if (sortedWeights != null) {
            // weighted: the estimated number of the n paths in each bin under the real law, rounded
            double[] mass = new double[bins];
            int b = 0;
            for (int i = 0; i < n; i++) {
                while (b < bins - 1 && sorted[i] >= edges[b + 1]) {
                    b++;
                }
                mass[b] += sortedWeights[i];
            }
            for (int i = 0; i < bins; i++) {
                counts[i] = Math.round(mass[i]);
            }
            return new Histogram(edges, counts);
        }
        for (double v : sorted) {
            int b = (int) ((v - lo) / width);
            b = Math.max(0, Math.min(bins - 1, b));
            // floating-point division can land one bin off an edge: settle against the edges themselves
            while (b > 0 && v < edges[b]) {
                b--;
            }
            while (b < bins - 1 && v >= edges[b + 1]) {
                b++;
            }
            counts[b]++;
        }
        return new Histogram(edges, counts);
    }

    /** The sorted outcome curve, {@code p = i / n} as in the notebook, down-sampled to at most {@code maxPoints}. */
    public Curve curve(int maxPoints) {
        int m = Math.min(n, maxPoints);
        double[] p = new double[m];
        double[] pnl = new double[m];
        for (int j = 0; j < m; j++) {
            int i = m == 1 ? 0 : (int) Math.round((double) j * (n - 1) / (m - 1));
            // weighted: the estimated probability below this outcome, cumulative weight before it over n
            p[j] = cumulative == null ? (double) i / n : (i == 0 ? 0 : cumulative[i - 1] / n);
            pnl[j] = sorted[i];
        }
        return new Curve(p, pnl);
    }

    /**
     * The simulation index holding the outcome at 0-based sorted {@code rank}; ties are ordered by index,
     * like the notebook's sort of (value, seed) pairs.
     */
    public static int simulationAtRank(double[] outcomes, double[] sorted, int rank) {
        double value = sorted[rank];
        int first = rank;
        while (first > 0 && Double.compare(sorted[first - 1], value) == 0) {
            first--;
        }
        int skip = rank - first;
        for (int k = 0; k < outcomes.length; k++) {
            if (Double.compare(outcomes[k], value) == 0 && skip-- == 0) {
                return k;
            }
        }
        throw new IllegalStateException("rank " + rank + " not found");
    }

    /**
     * The 0-based sorted rank of the walk at quantile {@code p} (0 = worst, 1 = best): the notebook's
     * {@code int((n - 1) p)}; weighted, the first rank whose cumulative weight exceeds {@code p × n}.
     */
    public int walkRank(double p) {
        if (cumulative == null || p <= 0) {
            return (int) ((n - 1) * p);
        }
        return p >= 1 ? n - 1 : weightedIndex(p);
    }

    /** The simulation index at sorted {@code rank} (ties by index; {@code outcomes} in index order). */
    public int simulationAt(double[] outcomes, int rank) {
        return order != null ? order[rank] : simulationAtRank(outcomes, sorted, rank);
    }

    /** The sorted weights (null for plain sampling). */
    public double[] sortedWeights() {
        return sortedWeights;
    }

    /**
     * Standard errors of the VaR and the expected shortfall per level, from {@link #BATCHES} independent batches
     * (simulation {@code k} in batch {@code k mod 20}): {@code SE² = Σ_b (θ_b − θ̂)² / (B(B − 1))} with
     * {@code θ_b} a batch's estimate and {@code θ̂} the whole run's (sectioning: Asmussen and Glynn, Stochastic
     * Simulation, III.5). A batch's estimate uses {@code n/20} paths, so its bias (larger than the whole run's)
     * enters the error too, which keeps it on the safe side. Null values when there are fewer than
     * {@code 5 × 20} simulations: too few for a batch to say anything about a tail.
     */
    public static StandardErrors standardErrors(double[] outcomes, double[] weights, RiskFigures whole,
            List<Double> levels) {
        Map<String, Double> var = new LinkedHashMap<>();
        Map<String, Double> es = new LinkedHashMap<>();
        int n = outcomes.length;
        if (n < 5 * BATCHES) {
            for (double level : levels) {
                var.put(Double.toString(level), null);
                es.put(Double.toString(level), null);
            }
            return new StandardErrors(var, es);
        }
        double[][] batchVar = new double[levels.size()][BATCHES];
        double[][] batchEs = new double[levels.size()][BATCHES];
        double[][] xs = new double[BATCHES][];
        double[][] ws = new double[BATCHES][];
        for (int b = 0; b < BATCHES; b++) {
            xs[b] = new double[(n - b + BATCHES - 1) / BATCHES];
            ws[b] = weights == null ? null : new double[xs[b].length];
        }
        if (weights != null && whole.order != null) {
            // dealt out from the run's sorted order, each batch comes out sorted by (P&L, index): no 20 sorts
            int[] filled = new int[BATCHES];
            for (int i = 0; i < n; i++) {
                int k = whole.order[i];
                int b = k % BATCHES;
                xs[b][filled[b]] = outcomes[k];
                ws[b][filled[b]++] = weights[k];
            }
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
        for (int b = 0; b < BATCHES; b++) {
            RiskFigures batch = weights != null && whole.order != null ? presorted(xs[b], ws[b])
                    : new RiskFigures(xs[b], ws[b]);
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

    private static RiskFigures presorted(double[] sorted, double[] sortedWeights) {
        return new RiskFigures(sorted, sortedWeights, null);
    }

    private static double sectioning(double[] estimates, double whole) {
        double ss = 0;
        for (double e : estimates) {
            ss += (e - whole) * (e - whole);
        }
        return Math.sqrt(ss / (estimates.length * (estimates.length - 1.0)));
    }

    /**
     * A stable merge sort of the simulation indexes by outcome: the order is (P&amp;L, index), whatever order
     * the outcomes arrived in, so every sum over the sorted outcomes is the same for any partitioning. The values
     * move with their indexes (no indirection in the comparisons); runs of 32 are insertion-sorted first.
     */
    static int[] sortedOrder(double[] outcomes) {
        int n = outcomes.length;
        double[] v = outcomes.clone();
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        final int run = 32;
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(lo + run, n);
            for (int i = lo + 1; i < hi; i++) {
                double x = v[i];
                int ix = a[i];
                int j = i - 1;
                while (j >= lo && Double.compare(v[j], x) > 0) { // strictly greater: equal values keep index order
                    v[j + 1] = v[j];
                    a[j + 1] = a[j];
                    j--;
                }
                v[j + 1] = x;
                a[j + 1] = ix;
            }
        }
        double[] v2 = new double[n];
        int[] b = new int[n];
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int o = lo;
                while (i < mid && j < hi) {
                    if (Double.compare(v[j], v[i]) < 0) {
                        v2[o] = v[j];
                        b[o++] = a[j++];
                    } else {
                        v2[o] = v[i];
                        b[o++] = a[i++];
                    }
                }
                while (i < mid) {
                    v2[o] = v[i];
                    b[o++] = a[i++];
                }
                while (j < hi) {
                    v2[o] = v[j];
                    b[o++] = a[j++];
                }
            }
            double[] tv = v;
            v = v2;
            v2 = tv;
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /** Standard errors per level (keys as {@code var}), dollars; values null when not estimable. */
    public record StandardErrors(Map<String, Double> var, Map<String, Double> expectedShortfall) {
    }

    /** Histogram of the outcomes: {@code bins + 1} edges and {@code bins} counts. */
    public record Histogram(double[] edges, long[] counts) {
    }

    /** Sorted outcome curve. */
    public record Curve(double[] p, double[] pnl) {
    }
}
