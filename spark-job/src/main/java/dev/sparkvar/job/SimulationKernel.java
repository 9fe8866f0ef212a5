package dev.sparkvar.job;

import java.io.Serializable;

import dev.sparkvar.job.model.PathKernel;
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
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final double[] holdings;
    private final double[] growth;
    private final double[] scale;
    private final int days;
    private final long masterSeed;
    private final double initialValue;

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
        long base = masterSeed + (2 * k + 1) * GOLDEN_GAMMA;
        long s0 = mix64(base);
        long s1 = mix64(base + GOLDEN_GAMMA);
        if ((s0 | s1) == 0) { // the all-zero state is the one XoRoShiRo cannot leave
            s1 = GOLDEN_GAMMA;
        }
        return new XoRoShiRo128PlusPlus(s0, s1);
    }

    /** Outcomes (final minus initial value) of simulations {@code from} (inclusive) to {@code to}. */
    public double[] simulate(long from, long to) {
        double[] out = new double[Math.toIntExact(to - from)];
        double[] values = new double[holdings.length];
        double[] z = new double[holdings.length];
        for (long k = from; k < to; k++) {
            out[(int) (k - from)] = run(k, values, z, null) - initialValue;
        }
        return out;
    }

    /** The outcome of simulation {@code k}. */
    public double outcome(long k) {
        return run(k, new double[holdings.length], new double[holdings.length], null) - initialValue;
    }

    /** The portfolio value at the start and after each day of simulation {@code k} ({@code days + 1} values). */
    public double[] walk(long k) {
        double[] history = new double[days + 1];
        run(k, new double[holdings.length], new double[holdings.length], history);
        return history;
    }

    private double run(long k, double[] values, double[] z, double[] history) {
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(generator(masterSeed, k));
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

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }
}
