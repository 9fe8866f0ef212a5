package dev.sparkvar.job.model;

import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

import dev.sparkvar.job.SimulationKernel;

/**
 * The correlated model's kernel: each simulated day draws the vector of daily changes (percent) from a
 * multivariate normal {@code x = μ + A z} ({@code A Aᵀ = Σ}, see {@link CovarianceFactor}) and multiplies
 * each holding by {@code 1 + x/100}. Simulation {@code k} uses the generator {@code SimulationKernel.generator}
 * of the model's own stream seed and index {@code k}, so it is a pure function of (model, seed, k).
 */
public final class CorrelatedKernel implements PathKernel {
    private static final long serialVersionUID = 1L;

    private final double[] holdings;
    private final double[] growth;
    private final CovarianceFactor factor;
    private final int days;
    private final long streamSeed;
    private final double initialValue;
    /** Importance sampling: one day's shift of the normals (null: plain sampling). */
    private final double[] shift;
    /** {@code |θ|²/2} over the horizon, for the likelihood ratio. */
    private final double halfShiftSquared;

    /**
     * @param holdings dollars per ticker, sorted-ticker order
     * @param means mean daily change in percent
     * @param factor factor of the covariance of the daily changes (percent²)
     * @param streamSeed the model's stream seed ({@link ModelStreams#seed})
     */
    public CorrelatedKernel(double[] holdings, double[] means, CovarianceFactor factor, int days, long streamSeed) {
        if (holdings.length != means.length || holdings.length != factor.size()) {
            throw new IllegalArgumentException("holdings, means and the factor differ in size");
        }
        this.holdings = holdings.clone();
        this.growth = new double[means.length];
        for (int i = 0; i < means.length; i++) {
            growth[i] = 1 + means[i] / 100;
        }
        this.factor = factor.scaled(100);
        this.days = days;
        this.streamSeed = streamSeed;
        double total = 0;
        for (double h : holdings) {
            total += h;
        }
        this.initialValue = total;
        this.shift = null;
        this.halfShiftSquared = 0;
    }

    private CorrelatedKernel(CorrelatedKernel plain, double[] shift) {
        this.holdings = plain.holdings;
        this.growth = plain.growth;
        this.factor = plain.factor;
        this.days = plain.days;
        this.streamSeed = plain.streamSeed;
        this.initialValue = plain.initialValue;
        this.shift = shift;
        this.halfShiftSquared = ImportanceShift.halfSquaredNorm(shift, days);
    }

    /**
     * This kernel importance sampled for {@code level} ({@link ImportanceShift}): a day's P&amp;L is
     * {@code Σ h_i (1 + x_i/100) - Σ h} with {@code x = μ + A z}, so its gradient in the normals is
     * {@code Aᵀh / 100}, exact for one day (the P&amp;L is linear in {@code z}), linearised beyond.
     */
    public CorrelatedKernel importance(double level) {
        double[] gradient = new double[factor.rank()];
        for (int j = 0; j < gradient.length; j++) {
            double g = 0;
            for (int i = 0; i < holdings.length; i++) {
                g += factor.entry(i, j) * holdings[i];
            }
            gradient[j] = g;
        }
        return new CorrelatedKernel(this, ImportanceShift.perDay(gradient, days, level));
    }

    /** One day's shift of the normals, or null for plain sampling. */
    public double[] shift() {
        return shift == null ? null : shift.clone();
    }

    /** The mean vector and the sample covariance (n−1) of the rows of {@code changes} (dates × tickers). */
    public record Estimate(double[] means, RealMatrix covariance) {
        /** Estimates from at least two rows, with Commons Math. */
        public static Estimate of(double[][] changes) {
            Covariance covariance = new Covariance(changes, true);
            int n = changes[0].length;
            double[] means = new double[n];
            double[] column = new double[changes.length];
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < changes.length; t++) {
                    column[t] = changes[t][i];
                }
                means[i] = StatUtils.mean(column);
            }
            return new Estimate(means, covariance.getCovarianceMatrix());
        }
    }

    @Override
    public double initialValue() {
        return initialValue;
    }

    public CovarianceFactor factor() {
        return factor;
    }

    @Override
    public double[] simulate(long from, long to) {
        return paths(from, to).outcomes();
    }

    @Override
    public Paths paths(long from, long to) {
        int count = Math.toIntExact(to - from);
        double[] out = new double[count];
        double[] weights = shift == null ? null : new double[count];
        Scratch s = new Scratch(holdings.length, factor.rank());
        for (long k = from; k < to; k++) {
            out[(int) (k - from)] = run(k, s, null) - initialValue;
            if (weights != null) {
                weights[(int) (k - from)] = Math.exp(-s.dot()[0] - halfShiftSquared);
            }
        }
        return new Paths(out, weights);
    }

    @Override
    public double[] walk(long k) {
        double[] history = new double[days + 1];
        run(k, new Scratch(holdings.length, factor.rank()), history);
        return history;
    }

    /**
     * Per-task buffers: portfolio values, the day's growth factors, the day's normals, when importance
     * sampled {@code θ·ε} of the last path, and the task's generator, re-seeded for each path.
     */
    private record Scratch(double[] values, double[] x, double[] z, double[] dot, SimulationKernel.Draws draws) {
        Scratch(int n, int rank) {
            this(new double[n], new double[n], new double[rank], new double[1], new SimulationKernel.Draws());
        }
    }

    private double run(long k, Scratch s, double[] history) {
        ZigguratSampler.NormalizedGaussian gauss = s.draws().path(streamSeed, k);
        double[] values = s.values();
        double[] x = s.x();
        double[] z = s.z();
        int n = values.length;
        System.arraycopy(holdings, 0, values, 0, n);
        if (history != null) {
            history[0] = initialValue;
        }
        double[] m = shift;
        double thetaEps = 0;
        for (int d = 0; d < days; d++) {
            for (int j = 0; j < z.length; j++) {
                z[j] = gauss.sample();
            }
            if (m != null) { // draws from N(shift, I): the same ε plus the shift
                for (int j = 0; j < z.length; j++) {
                    thetaEps += m[j] * z[j];
                    z[j] += m[j];
                }
            }
            System.arraycopy(growth, 0, x, 0, n);
            factor.accumulate(z, x); // x = 1 + (μ + A z) / 100
            for (int i = 0; i < n; i++) {
                values[i] *= x[i];
            }
            if (history != null) {
                history[d + 1] = sum(values);
            }
        }
        s.dot()[0] = thetaEps;
        return sum(values);
    }

    static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }
}
