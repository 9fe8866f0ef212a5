package dev.sparkvar.job.model;

import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;

import dev.sparkvar.job.SimulationKernel;

/**
 * The historical model's kernel: each simulated day draws one of the common dates uniformly with replacement
 * (Commons RNG's unbiased {@code nextInt(bound)}) and multiplies every holding by {@code 1 + change/100} of
 * that date, so the tickers move together exactly as they did. Simulation {@code k} uses the generator
 * {@code SimulationKernel.generator} of the model's own stream seed and index {@code k}.
 */
public final class HistoricalKernel implements PathKernel {
    private static final long serialVersionUID = 1L;

    private final double[] holdings;
    /** {@code 1 + change/100}, one row of n per common date. */
    private final double[] growth;
    private final int dates;
    private final int days;
    private final long streamSeed;
    private final double initialValue;
    /** Importance sampling: cumulative tilted probabilities of the dates (null: uniform draws). */
    private final double[] cdf;
    /** Importance sampling: {@code (1/N) / q_d}, each date's likelihood ratio. */
    private final double[] ratio;
    /** The tilt {@code t} (0 for plain sampling). */
    private final double tilt;

    /** Share of the uniform law in the tilted one (a defensive mixture): every likelihood ratio stays ≤ 1/0.05. */
    static final double DEFENSIVE_SHARE = 0.05;

    /**
     * @param holdings dollars per ticker, sorted-ticker order (the columns of {@code changes})
     * @param changes daily changes in percent, one row per common date (at least one)
     * @param streamSeed the model's stream seed ({@link RiskModel#streamSeed})
     */
    public HistoricalKernel(double[] holdings, double[][] changes, int days, long streamSeed) {
        int n = holdings.length;
        if (changes.length == 0) {
            throw new IllegalArgumentException("no dates to draw from");
        }
        this.holdings = holdings.clone();
        this.dates = changes.length;
        this.growth = new double[dates * n];
        for (int t = 0; t < dates; t++) {
            if (changes[t].length != n) {
                throw new IllegalArgumentException("date " + t + " has " + changes[t].length + " changes, not " + n);
            }
            for (int i = 0; i < n; i++) {
                growth[t * n + i] = 1 + changes[t][i] / 100;
            }
        }
        this.days = days;
        this.streamSeed = streamSeed;
        this.initialValue = CorrelatedKernel.sum(holdings);
        this.cdf = null;
        this.ratio = null;
        this.tilt = 0;
    }

    private HistoricalKernel(HistoricalKernel plain, double[] cdf, double[] ratio, double tilt) {
        this.holdings = plain.holdings;
        this.growth = plain.growth;
        this.dates = plain.dates;
        this.days = plain.days;
        this.streamSeed = plain.streamSeed;
        this.initialValue = plain.initialValue;
        this.cdf = cdf;
        this.ratio = ratio;
        this.tilt = tilt;
    }

    /**
     * This kernel importance sampled for {@code level}: dates drawn with probabilities
     * {@code q_d ∝ exp(-t · pnl_d)} ({@code pnl_d} the portfolio's one-day P&amp;L on date {@code d}, so losses
     * are drawn more often), mixed with {@link #DEFENSIVE_SHARE} of the uniform law so that no likelihood
     * ratio exceeds 20. The tilt {@code t ≥ 0} puts the tilted mean of a day's P&amp;L at
     * {@code m + z_α s / √D} ({@code m}, {@code s} its mean and standard deviation over the dates), so that the
     * tilted mean of the horizon's P&amp;L sits near its normal-approximation quantile, as the normal models'
     * shift does; bisection, so it is deterministic. A path's likelihood ratio is the product over its days of
     * {@code (1/N) / q_d}.
     */
    public HistoricalKernel importance(double level) {
        double[] pnl = new double[dates];
        int n = holdings.length;
        double mean = 0;
        for (int t = 0; t < dates; t++) {
            double v = 0;
            for (int i = 0; i < n; i++) {
                v += holdings[i] * (growth[t * n + i] - 1);
            }
            pnl[t] = v;
            mean += v;
        }
        mean /= dates;
        double ss = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double v : pnl) {
            ss += (v - mean) * (v - mean);
            min = Math.min(min, v);
        }
        double sd = Math.sqrt(ss / dates);
        double t = 0;
        if (sd > 0) {
            double target = Math.max(mean + ImportanceShift.quantile(level) * sd / Math.sqrt(days),
                    min + 0.05 * (mean - min)); // never aim at (or past) the worst date: t would grow without end
            double lo = 0;
            double hi = 1 / sd;
            while (tiltedMean(pnl, min, hi) > target && hi < 1e6 / sd) {
                hi *= 2;
            }
            for (int iter = 0; iter < 100; iter++) {
                double mid = (lo + hi) / 2;
                if (tiltedMean(pnl, min, mid) > target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            t = hi;
        }
        double[] q = tilted(pnl, min, t);
        double[] cdf = new double[dates];
        double[] ratio = new double[dates];
        double total = 0;
        for (int d = 0; d < dates; d++) {
            q[d] = (1 - DEFENSIVE_SHARE) * q[d] + DEFENSIVE_SHARE / dates;
            total += q[d];
            cdf[d] = total;
            ratio[d] = (1.0 / dates) / q[d];
        }
        for (int d = 0; d < dates; d++) {
            cdf[d] /= total;
        }
        cdf[dates - 1] = 1.0;
        return new HistoricalKernel(this, cdf, ratio, t);
    }

    /** Probabilities {@code ∝ exp(-t (pnl_d - min))} (shifted by the minimum so nothing overflows). */
    private static double[] tilted(double[] pnl, double min, double t) {
        double[] q = new double[pnl.length];
        double total = 0;
        for (int d = 0; d < pnl.length; d++) {
            q[d] = Math.exp(-t * (pnl[d] - min));
            total += q[d];
        }
        for (int d = 0; d < pnl.length; d++) {
            q[d] /= total;
        }
        return q;
    }

    private static double tiltedMean(double[] pnl, double min, double t) {
        double[] q = tilted(pnl, min, t);
        double m = 0;
        for (int d = 0; d < pnl.length; d++) {
            m += q[d] * pnl[d];
        }
        return m;
    }

    /** The exponential tilt {@code t} per dollar of one-day P&amp;L (0 for plain sampling). */
    public double tilt() {
        return tilt;
    }

    @Override
    public double initialValue() {
        return initialValue;
    }

    @Override
    public double[] simulate(long from, long to) {
        return paths(from, to).outcomes();
    }

    @Override
    public Paths paths(long from, long to) {
        int count = Math.toIntExact(to - from);
        double[] out = new double[count];
        double[] weights = cdf == null ? null : new double[count];
        double[] values = new double[holdings.length];
        double[] lr = new double[1];
        for (long k = from; k < to; k++) {
            out[(int) (k - from)] = run(k, values, null, lr) - initialValue;
            if (weights != null) {
                weights[(int) (k - from)] = lr[0];
            }
        }
        return new Paths(out, weights);
    }

    @Override
    public double[] walk(long k) {
        double[] history = new double[days + 1];
        run(k, new double[holdings.length], history, new double[1]);
        return history;
    }

    /** The common date (row index) that simulation {@code k} replays on each day, in day order. */
    public int[] drawnDates(long k) {
        XoRoShiRo128PlusPlus rng = SimulationKernel.generator(streamSeed, k);
        int[] out = new int[days];
        for (int d = 0; d < days; d++) {
            out[d] = draw(rng);
        }
        return out;
    }

    /** One date: uniform ({@code nextInt}, plain sampling's draw), or by the tilted law's cumulative sums. */
    private int draw(XoRoShiRo128PlusPlus rng) {
        if (cdf == null) {
            return rng.nextInt(dates);
        }
        double u = rng.nextDouble();
        int lo = 0;
        int hi = dates - 1;
        while (lo < hi) { // the first date whose cumulative probability exceeds u
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private double run(long k, double[] values, double[] history, double[] lr) {
        XoRoShiRo128PlusPlus rng = SimulationKernel.generator(streamSeed, k);
        int n = values.length;
        double[] g = growth;
        System.arraycopy(holdings, 0, values, 0, n);
        if (history != null) {
            history[0] = initialValue;
        }
        double weight = 1;
        for (int d = 0; d < days; d++) {
            int date = draw(rng);
            if (ratio != null) {
                weight *= ratio[date];
            }
            int row = date * n;
            for (int i = 0; i < n; i++) {
                values[i] *= g[row + i];
            }
            if (history != null) {
                history[d + 1] = CorrelatedKernel.sum(values);
            }
        }
        lr[0] = weight;
        return CorrelatedKernel.sum(values);
    }
}
