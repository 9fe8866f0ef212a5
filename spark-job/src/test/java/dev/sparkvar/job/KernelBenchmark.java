package dev.sparkvar.job;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.sparkvar.job.model.CorrelatedKernel;
import dev.sparkvar.job.model.CovarianceFactor;
import dev.sparkvar.job.model.HistoricalKernel;
import dev.sparkvar.job.model.ModelStreams;
import dev.sparkvar.jobapi.RiskModel;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulation kernel's cost per asset-day next to one Gaussian draw (JDK and Commons RNG), one thread,
 * and each risk model's kernel (correlated, historical) next to today's (independent) one.
 * Run with {@code spark-job/bench/run.sh}, which divides the kernels' scores (ns per simulation-day) by the
 * number of assets; the baselines are ns per draw.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class KernelBenchmark {
    /** The notebook's horizon; 100 simulations per call, as a task runs them. */
    static final int DAYS = 5;
    static final int SIMS = 100;

    /** Assets in the portfolio; {@code -p assets=30,300} compares the models' scaling (correlated is O(n²)). */
    @Param({"30"})
    public int assets;

    /** Common dates behind the correlated model's covariance and the historical model's draws. */
    static final int DATES = 500;

    private SimulationKernel kernel;
    private CorrelatedKernel correlated;
    private HistoricalKernel historical;
    private SplittableRandom jdk;
    private ZigguratSampler.NormalizedGaussian commons;
    private long next;

    @Setup
    public void setUp() {
        double[] holdings = new double[assets];
        double[] means = new double[assets];
        double[] stddevs = new double[assets];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < assets; i++) {
            holdings[i] = 1000 * (1 + r.nextInt(1000)) * 11.0;
            means[i] = r.nextDouble(-0.05, 0.1);
            stddevs[i] = r.nextDouble(1, 5);
        }
        kernel = new SimulationKernel(holdings, means, stddevs, DAYS, 0xdea110c8L);
        // DATES days of changes from three market factors plus noise: a realistic positive definite covariance
        double[][] changes = new double[DATES][assets];
        double[][] loadings = new double[assets][3];
        for (double[] l : loadings) {
            for (int f = 0; f < 3; f++) {
                l[f] = r.nextDouble(-1, 1.5);
            }
        }
        for (double[] day : changes) {
            double[] factors = {r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1)};
            for (int i = 0; i < assets; i++) {
                day[i] = means[i] + loadings[i][0] * factors[0] + loadings[i][1] * factors[1]
                        + loadings[i][2] * factors[2] + stddevs[i] * r.nextDouble(-1, 1);
            }
        }
        CorrelatedKernel.Estimate estimate = CorrelatedKernel.Estimate.of(changes);
        CovarianceFactor factor = CovarianceFactor.of(estimate.covariance());
        if (factor.kind() != CovarianceFactor.Kind.CHOLESKY) {
            throw new IllegalStateException("benchmark covariance should be positive definite");
        }
        correlated = new CorrelatedKernel(holdings, estimate.means(), factor, DAYS,
                ModelStreams.seed(RiskModel.CORRELATED, 0xdea110c8L));
        historical = new HistoricalKernel(holdings, changes, DAYS, ModelStreams.seed(RiskModel.HISTORICAL, 0xdea110c8L));
        jdk = new SplittableRandom(42);
        commons = ZigguratSampler.NormalizedGaussian.of(new XoRoShiRo128PlusPlus(42, 43));
    }

    /** The job's kernel as a task runs it: SIMS simulations, one stream each; per simulation-day (divide by assets). */
    @Benchmark
    @OperationsPerInvocation(SIMS * DAYS)
    public double[] kernel() {
        long from = next;
        next += SIMS;
        return kernel.simulate(from, from + SIMS);
    }

    /** The correlated model's kernel, same batch as {@link #kernel}; per simulation-day (divide by assets). */
    @Benchmark
    @OperationsPerInvocation(SIMS * DAYS)
    public double[] correlated() {
        long from = next;
        next += SIMS;
        return correlated.simulate(from, from + SIMS);
    }

    /** The historical model's kernel, same batch as {@link #kernel}; per simulation-day (divide by assets). */
    @Benchmark
    @OperationsPerInvocation(SIMS * DAYS)
    public double[] historical() {
        long from = next;
        next += SIMS;
        return historical.simulate(from, from + SIMS);
    }

    /** Baseline: one JDK 17 {@code SplittableRandom.nextGaussian()} (McFarland's ziggurat). */
    @Benchmark
    public double jdkNextGaussian() {
        return jdk.nextGaussian();
    }

    /** Baseline: one Commons RNG {@code ZigguratSampler.NormalizedGaussian} draw over XoRoShiRo128++. */
    @Benchmark
    public double commonsZiggurat() {
        return commons.sample();
    }
}
