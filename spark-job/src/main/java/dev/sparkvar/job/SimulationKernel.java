package dev.sparkvar.job;

import java.io.Serializable;

import dev.sparkvar.job.model.ImportanceShift;
import dev.sparkvar.job.model.PathKernel;
import dev.sparkvar.job.model.Paths;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The Monte Carlo kernel: one simulation is a pure function of (model, master seed, simulation index).
 *
 * <p>Each asset-day multiplies a holding by {@code (mean + stddev * z + 100) / 100}, computed as
 * {@code growth + scale * z} with {@code growth = (mean + 100) / 100} and {@code scale = stddev / 100}
 * (the same law, one multiply-add instead of a division). Draws go day by day, assets in sorted-ticker
 * order; the portfolio value is summed in that order too, so results do not depend on hash order.
 */
public final class SimulationKernel implements Serializable, PathKernel {
    private static final long serialVersionUID = 1L;

    private final double[] holdings;
    private final double[] growth;
    private final double[] scale;
    private final int days;
    private final long masterSeed;
    private final double initialValue;
    /** Importance sampling: one day's shift of the normals (null: plain sampling, the notebook's draws). */
    private final double[] shift;
    /** {@code |θ|²/2} over the horizon, for the likelihood ratio. */
    private final double halfShiftSquared;

    /**
     * @param holdings dollars per asset, sorted-ticker order
     * @param means mean daily change in percent
     * @param stddevs sample standard deviation of the daily change in percent
     */
    public SimulationKernel(double[] holdings, double[] means, double[] stddevs, int days, long masterSeed) {
        if (holdings.length != means.length || holdings.length != stddevs.length) {
            throw new IllegalArgumentException("holdings, means and stddevs differ in length");
        }
        this.holdings = holdings.clone();
        this.growth = new double[means.length];
        this.scale = new double[means.length];
        for (int i = 0; i < means.length; i++) {
            growth[i] = (means[i] + 100.0) / 100.0;
            scale[i] = stddevs[i] / 100.0;
        }
        this.days = days;
        this.masterSeed = masterSeed;
        this.initialValue = sum(holdings);
        this.shift = null;
        this.halfShiftSquared = 0;
    }

    private SimulationKernel(SimulationKernel plain, double[] shift) {
        this.holdings = plain.holdings;
        this.growth = plain.growth;
        this.scale = plain.scale;
        this.days = plain.days;
        this.masterSeed = plain.masterSeed;
        this.initialValue = plain.initialValue;
        this.shift = shift;
        this.halfShiftSquared = ImportanceShift.halfSquaredNorm(shift, days);
    }

    /**
     * This kernel importance sampled for {@code level} ({@link ImportanceShift}): the P&amp;L's gradient in a
     * day's normals is {@code b_i = holding_i × stddev_i / 100}, so every asset's normal moves towards a loss in
     * proportion to the dollars it puts at risk. Same streams, same draws, then shifted.
     */
    public SimulationKernel importance(double level) {
        double[] gradient = new double[holdings.length];
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = holdings[i] * scale[i];
        }
        return new SimulationKernel(this, ImportanceShift.perDay(gradient, days, level));
    }

    /** One day's shift of the normals, or null for plain sampling. */
    public double[] shift() {
        return shift == null ? null : shift.clone();
    }

    @Override
    public Paths paths(long from, long to) {
        if (shift == null) {
            return new Paths(simulate(from, to), null);
        }
        int count = Math.toIntExact(to - from);
        double[] out = new double[count];
        double[] weights = new double[count];
        double[] values = new double[holdings.length];
        double[] z = new double[holdings.length];
        double[] dot = new double[1];
        Draws draws = new Draws();
        for (long k = from; k < to; k++) {
            out[(int) (k - from)] = runShifted(draws.path(masterSeed, k), values, z, null, dot) - initialValue;
            weights[(int) (k - from)] = Math.exp(-dot[0] - halfShiftSquared);
        }
        return new Paths(out, weights);
    }

    public double initialValue() {
        return initialValue;
    }

    public int days() {
        return days;
    }

    /** SplitMix64's output finalizer (Stafford variant 13), a bijection that spreads nearby inputs. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The generator of simulation {@code k}: XoRoShiRo128++ seeded with outputs 2k+1 and 2k+2 of a
     * SplitMix64 stream started at the master seed, so no two simulations share a seed.
     */
    public static XoRoShiRo128PlusPlus generator(long masterSeed, long k) {
        long state0 = PathGenerator.seed0(masterSeed, k);
        return new XoRoShiRo128PlusPlus(state0, PathGenerator.seed1(masterSeed, k, state0));
    }

    /** Outcomes (final minus initial value) of simulations {@code from} (inclusive) to {@code to}. */
    public double[] simulate(long from, long to) {
        if (shift != null) {
            return paths(from, to).outcomes();
        }
        double[] out = new double[Math.toIntExact(to - from)];
        double[] values = new double[holdings.length];
        double[] z = new double[holdings.length];
        Draws draws = new Draws();
        for (long k = from; k < to; k++) {
            out[(int) (k - from)] = run(draws.path(masterSeed, k), values, z, null) - initialValue;
        }
        return out;
    }

    /** The outcome of simulation {@code k}. */
    public double outcome(long k) {
        if (shift != null) {
            return runShifted(new Draws().path(masterSeed, k), new double[holdings.length],
                    new double[holdings.length], null, new double[1]) - initialValue;
        }
        return run(new Draws().path(masterSeed, k), new double[holdings.length], new double[holdings.length], null)
                - initialValue;
    }

    /** The portfolio value at the start and after each day of simulation {@code k} ({@code days + 1} values). */
    public double[] walk(long k) {
        double[] history = new double[days + 1];
        if (shift != null) {
            runShifted(new Draws().path(masterSeed, k), new double[holdings.length], new double[holdings.length],
                    history, new double[1]);
            return history;
        }
        run(new Draws().path(masterSeed, k), new double[holdings.length], new double[holdings.length], history);
        return history;
    }

    /**
     * One generator and its normal sampler for a whole range of paths, re-seeded for each ({@link PathGenerator}
     * says why: a new pair per path is garbage that slows a young JVM down).
     */
    public static final class Draws {
        private final PathGenerator rng = new PathGenerator();
        private final ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);

        /** The normals of simulation {@code k} of the stream started at {@code seed}. */
        public ZigguratSampler.NormalizedGaussian path(long seed, long k) {
            rng.reset(seed, k);
            return gauss;
        }
    }

    private double run(ZigguratSampler.NormalizedGaussian gauss, double[] values, double[] z, double[] history) {
        System.arraycopy(holdings, 0, values, 0, values.length);
        double[] g = growth;
        double[] s = scale;
        int n = values.length;
        if (history != null) {
            history[0] = initialValue;
        }
        for (int d = 0; d < days; d++) {
            // draw the day's normals first: the generator's dependency chain runs alone, and the
            // multiply-add loop below has no calls in it (the JIT can unroll and vectorise it)
            for (int i = 0; i < n; i++) {
                z[i] = gauss.sample();
            }
            for (int i = 0; i < n; i++) {
                values[i] *= g[i] + s[i] * z[i];
            }
            if (history != null) {
                history[d + 1] = sum(values);
            }
        }
        return sum(values);
    }

    /**
     * {@link #run} with the day's normals drawn from {@code N(shift, I)}: the same unshifted draws {@code ε}
     * plus the shift. {@code dot[0]} receives {@code θ·ε} over the horizon, for the likelihood ratio. Kept apart
     * from {@code run} so that plain sampling's loop and digits stay as they are.
     */
    private double runShifted(ZigguratSampler.NormalizedGaussian gauss, double[] values, double[] z, double[] history,
            double[] dot) {
        System.arraycopy(holdings, 0, values, 0, values.length);
        double[] g = growth;
        double[] s = scale;
        double[] m = shift;
        int n = values.length;
        double thetaEps = 0;
        if (history != null) {
            history[0] = initialValue;
        }
        for (int d = 0; d < days; d++) {
            for (int i = 0; i < n; i++) {
                z[i] = gauss.sample();
            }
            for (int i = 0; i < n; i++) {
                thetaEps += m[i] * z[i];
                values[i] *= g[i] + s[i] * (z[i] + m[i]);
            }
            if (history != null) {
                history[d + 1] = sum(values);
            }
        }
        dot[0] = thetaEps;
        return sum(values);
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }
}
