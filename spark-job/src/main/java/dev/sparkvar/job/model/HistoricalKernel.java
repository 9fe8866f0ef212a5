package dev.sparkvar.job.model;

import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;

import dev.sparkvar.job.ReseededXoRoShiRo;
import dev.sparkvar.job.SimulationKernel;

/**
 * The historical model's kernel: each simulated day draws one of the common dates uniformly with replacement
 * (Commons RNG's unbiased {@code nextInt(bound)}) and multiplies every holding by {@code 1 + change/100} of
 * that date, so the tickers move together exactly as they did. Simulation {@code k} uses the generator
 * {@code SimulationKernel.generator} of the model's own stream seed and index {@code k} (a task's ranges re-seed
 * one {@link ReseededXoRoShiRo}, which gives the same draws without a generator per path).
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
    /**
     * Importance sampling: Walker's alias table of the tilted law (null: uniform draws). Date {@code i} is kept
     * with probability {@code keep[i]}, else its {@code alias[i]} is drawn: one uniform and one comparison per
     * day, where a search of the cumulative probabilities took three times plain sampling's time.
     */
    private final double[] keep;
    private final int[] alias;
    /** Importance sampling: {@code (1/N) / q_d}, each date's likelihood ratio. */
    private final double[] ratio;
    /** The tilt {@code t} (0 for plain sampling). */
    private final double tilt;

    /** Share of the uniform law in the tilted one (a defensive mixture): every likelihood ratio stays ≤ 1/0.05. */
    static final double DEFENSIVE_SHARE = 0.05;

    /**
     * @param holdings dollars per ticker, sorted-ticker order (the columns of {@code changes})
     * @param changes daily changes in percent, one row per common date (at least one)
     * @param streamSeed the model's stream seed ({@link ModelStreams#seed})
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
        this.keep = null;
        this.alias = null;
        this.ratio = null;
        this.tilt = 0;
    }

    private HistoricalKernel(HistoricalKernel plain, double[] keep, int[] alias, double[] ratio, double tilt) {
        this.holdings = plain.holdings;
        this.growth = plain.growth;
        this.dates = plain.dates;
        this.days = plain.days;
        this.streamSeed = plain.streamSeed;
        this.initialValue = plain.initialValue;
        this.keep = keep;
        this.alias = alias;
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
        double[] ratio = new double[dates];
        for (int d = 0; d < dates; d++) {
            q[d] = (1 - DEFENSIVE_SHARE) * q[d] + DEFENSIVE_SHARE / dates;
            ratio[d] = (1.0 / dates) / q[d];
        }
        double[] keep = new double[dates];
        int[] alias = new int[dates];
        aliasTable(q, keep, alias);
        return new HistoricalKernel(this, keep, alias, ratio, t);
    }

    /**
     * Vose's construction of Walker's alias table for probabilities {@code q} (summing to 1): each date's
     * column holds {@code keep[i]} of itself and the rest of one other date. Work lists in date order, so the
     * table, like everything else, depends on the inputs only.
     */
    static void aliasTable(double[] q, double[] keep, int[] alias) {
        int n = q.length;
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = q[i] * n;
            alias[i] = i;
            if (scaled[i] < 1) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            keep[s] = scaled[s];
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1;
            if (scaled[l] < 1) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) { // what is left is 1 up to rounding
            keep[large[--nl]] = 1;
        }
        while (ns > 0) {
            keep[small[--ns]] = 1;
        }
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
        double[] weights = keep == null ? null : new double[count];
        double[] values = new double[holdings.length];
        double[] lr = new double[1];
        ReseededXoRoShiRo rng = new ReseededXoRoShiRo();
        for (long k = from; k < to; k++) {
            out[(int) (k - from)] = run(rng.reset(streamSeed, k), values, null, lr) - initialValue;
            if (weights != null) {
                weights[(int) (k - from)] = lr[0];
            }
        }
        return new Paths(out, weights);
    }

    @Override
    public double[] walk(long k) {
        double[] history = new double[days + 1];
        run(SimulationKernel.generator(streamSeed, k), new double[holdings.length], history, new double[1]);
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

    /** One date: uniform ({@code nextInt}, plain sampling's draw), or from the tilted law's alias table. */
    private int draw(XoRoShiRo128PlusPlus rng) {
        if (keep == null) {
            return rng.nextInt(dates);
        }
        double u = rng.nextDouble() * dates; // the column and, from its fraction, keep or alias
        int column = Math.min((int) u, dates - 1);
        return u - column < keep[column] ? column : alias[column];
    }

    /** One path with {@code rng} seeded for it (simulation k's generator). */
    private double run(XoRoShiRo128PlusPlus rng, double[] values, double[] history, double[] lr) {
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
