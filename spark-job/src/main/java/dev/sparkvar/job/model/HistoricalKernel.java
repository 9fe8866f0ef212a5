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
    }

    @Override
    public double initialValue() {
        return initialValue;
    }

    @Override
    public double[] simulate(long from, long to) {
        double[] out = new double[Math.toIntExact(to - from)];
        double[] values = new double[holdings.length];
        for (long k = from; k < to; k++) {
            out[(int) (k - from)] = run(k, values, null) - initialValue;
        }
        return out;
    }

    @Override
    public double[] walk(long k) {
        double[] history = new double[days + 1];
        run(k, new double[holdings.length], history);
        return history;
    }

    /** The common date (row index) that simulation {@code k} replays on each day, in day order. */
    public int[] drawnDates(long k) {
        XoRoShiRo128PlusPlus rng = SimulationKernel.generator(streamSeed, k);
        int[] out = new int[days];
        for (int d = 0; d < days; d++) {
            out[d] = rng.nextInt(dates);
        }
        return out;
    }

    private double run(long k, double[] values, double[] history) {
        XoRoShiRo128PlusPlus rng = SimulationKernel.generator(streamSeed, k);
        int n = values.length;
        double[] g = growth;
        System.arraycopy(holdings, 0, values, 0, n);
        if (history != null) {
            history[0] = initialValue;
        }
        for (int d = 0; d < days; d++) {
            int row = rng.nextInt(dates) * n;
            for (int i = 0; i < n; i++) {
                values[i] *= g[row + i];
            }
            if (history != null) {
                history[d + 1] = CorrelatedKernel.sum(values);
            }
        }
        return CorrelatedKernel.sum(values);
    }
}
