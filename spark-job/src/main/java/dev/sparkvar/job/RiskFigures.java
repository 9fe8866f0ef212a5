package dev.sparkvar.job;

import java.util.Arrays;

/**
 * Exact order-statistic risk figures over all simulation outcomes (no approximate quantiles). With likelihood
 * ratios (importance sampling) the figures come from the weighted empirical distribution: outcomes sorted by
 * (P&amp;L, simulation index), so ties are ordered whatever the partitioning, and {@code F(x)} estimated by the
 * cumulative weight up to {@code x} divided by {@code n}.
 */
public final class RiskFigures {
    private static final double Z_975 = 1.959963984540054;

    private final double[] sorted;
    private final int n;
    /** Importance sampling only (else null): simulation indexes in sorted order, weights, cumulative weights. */
    private final int[] order;
    private final double[] sortedWeights;
    private final double[] cumulative;
    /**
     * Plain sampling of enough paths only (else null): {@link StandardErrors}' batches, each sorted; handed over
     * once ({@link #takeSortedBatches}), so that they are not held for as long as these figures are.
     */
    private double[][] sortedBatches;

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
            if (n >= StandardErrors.MIN_SIMULATIONS) {
                double[][] batches = SortedBatches.of(outcomes, StandardErrors.BATCHES);
                this.sorted = batches[StandardErrors.BATCHES];
                this.sortedBatches = Arrays.copyOf(batches, StandardErrors.BATCHES);
            } else {
                this.sorted = outcomes.clone();
                Arrays.sort(sorted);
                this.sortedBatches = null;
            }
            this.order = null;
            this.sortedWeights = null;
            this.cumulative = null;
            return;
        }
        this.sortedBatches = null;
        this.order = SimulationOrder.sortedOrder(outcomes);
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
        this.sortedBatches = null;
        this.sortedWeights = sortedWeights;
        if (sortedWeights == null) { // plain: a batch sorted by SortedBatches
            this.cumulative = null;
            return;
        }
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
        return order != null ? order[rank] : SimulationOrder.simulationAtRank(outcomes, sorted, rank);
    }

    /** The sorted weights (null for plain sampling). */
    public double[] sortedWeights() {
        return sortedWeights;
    }

    /** Importance sampling only (else null): the simulation indexes in sorted order. */
    int[] order() {
        return order;
    }

    /** Plain sampling of enough paths (else null): {@link StandardErrors}' batches, each sorted; null once taken. */
    synchronized double[][] takeSortedBatches() {
        double[][] taken = sortedBatches;
        sortedBatches = null;
        return taken;
    }

    /**
     * Figures over outcomes already in (P&amp;L, index) order, weighted or plain (weights null): a batch of
     * {@link StandardErrors}.
     */
    static RiskFigures presorted(double[] sorted, double[] sortedWeights) {
        return new RiskFigures(sorted, sortedWeights, null);
    }

    /** Histogram of the outcomes: {@code bins + 1} edges and {@code bins} counts. */
    public record Histogram(double[] edges, long[] counts) {
    }

    /** Sorted outcome curve. */
    public record Curve(double[] p, double[] pnl) {
    }
}
