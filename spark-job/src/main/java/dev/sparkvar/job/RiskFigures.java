package dev.sparkvar.job;

import java.util.Arrays;

/** Exact order-statistic risk figures over all simulation outcomes (no approximate quantiles). */
public final class RiskFigures {
    private static final double Z_975 = 1.959963984540054;

    private final double[] sorted;
    private final int n;

    /** @param outcomes P&amp;L per simulation, in simulation-index order (not modified) */
    public RiskFigures(double[] outcomes) {
        this.sorted = outcomes.clone();
        Arrays.sort(sorted);
        this.n = sorted.length;
    }

    public double[] sorted() {
        return sorted;
    }

    /** The notebook's VaR: {@code sorted[floor(level * n)]}, a P&amp;L (negative = loss). */
    public double valueAtRisk(double level) {
        return sorted[varIndex(level)];
    }

    int varIndex(double level) {
        return Math.min(n - 1, (int) Math.floor(level * n));
    }

    /** Expected shortfall: the mean of the outcomes at or below the VaR. */
    public double expectedShortfall(double level) {
        double var = valueAtRisk(level);
        double total = 0;
        int count = 0;
        for (int i = 0; i < n && sorted[i] <= var; i++) {
            total += sorted[i];
            count++;
        }
        return total / count;
    }

    /**
     * Distribution-free 95 % confidence interval for the quantile: the order statistics at 0-based ranks
     * {@code floor(np - 1.96 sqrt(np(1-p)))} and {@code ceil(np + 1.96 sqrt(np(1-p)))}, clamped to the sample.
     */
    public double[] confidenceInterval(double level) {
        double np = n * level;
        double half = Z_975 * Math.sqrt(np * (1 - level));
        int lo = (int) Math.max(0, Math.floor(np - half));
        int hi = (int) Math.min(n - 1, Math.ceil(np + half));
        return new double[] {sorted[lo], sorted[hi]};
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
            p[j] = (double) i / n;
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

    /** Histogram of the outcomes: {@code bins + 1} edges and {@code bins} counts. */
    public record Histogram(double[] edges, long[] counts) {
    }

    /** Sorted outcome curve. */
    public record Curve(double[] p, double[] pnl) {
    }
}
