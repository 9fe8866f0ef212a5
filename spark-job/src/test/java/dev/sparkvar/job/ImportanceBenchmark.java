package dev.sparkvar.job;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.sparkvar.job.model.HistoricalKernel;
import dev.sparkvar.job.model.PathKernel;
import dev.sparkvar.job.model.Paths;
import dev.sparkvar.job.model.RiskModel;
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
 * CPU time per path of importance sampling next to plain sampling, one thread: the whole of what a run does per
 * path on the question (the 4-index portfolio of {@link ImportanceSamplingTests}, 20,000 paths, levels
 * 5 % and 1 %): simulate, sort, VaR, ES, the confidence interval and the 20-batch standard errors. Run with
 * {@code spark-job/bench/importance.sh}, which also prints the variance ratios ({@link #main}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class ImportanceBenchmark {
    static final int PATHS = ImportanceSamplingTests.PATHS;
    static final List<Double> LEVELS = ImportanceSamplingTests.LEVELS;

    /** {@code correlated} (1 day, the figure), {@code independent} (5 days), {@code historical} (5 days). */
    @Param({"correlated", "independent", "historical"})
    public String model;

    private PathKernel plain;
    private PathKernel importance;
    private long seed;

    static PathKernel kernel(String model, long seed, boolean importance) {
        double[] stddevs = {1.0, 1.2, 0.9, 1.5};
        return switch (model) {
            case "correlated" -> importance ? ImportanceSamplingTests.correlated(seed, 1).importance(0.01)
                    : ImportanceSamplingTests.correlated(seed, 1);
            case "independent" -> {
                SimulationKernel k = new SimulationKernel(ImportanceSamplingTests.HOLDINGS,
                        ImportanceSamplingTests.MEANS, stddevs, 5, seed);
                yield importance ? k.importance(0.01) : k;
            }
            case "historical" -> {
                HistoricalKernel k = new HistoricalKernel(ImportanceSamplingTests.HOLDINGS, CHANGES, 5,
                        RiskModel.HISTORICAL.streamSeed(seed));
                yield importance ? k.importance(0.01) : k;
            }
            default -> throw new IllegalArgumentException(model);
        };
    }

    static final double[][] CHANGES = ImportanceSamplingTests.fatTailedChanges();

    @Setup
    public void setUp() {
        plain = kernel(model, 0xdea110c8L, false);
        importance = kernel(model, 0xdea110c8L, true);
    }

    /** Plain sampling: paths and every figure, per path. */
    @Benchmark
    @OperationsPerInvocation(PATHS)
    public double plain() {
        return figures(plain, seed++);
    }

    /** Importance sampling: paths with their likelihood ratios and the weighted figures, per path. */
    @Benchmark
    @OperationsPerInvocation(PATHS)
    public double importance() {
        return figures(importance, seed++);
    }

    /** A different range of paths each call (the kernels are pure in the index), so nothing is cached. */
    private static double figures(PathKernel kernel, long call) {
        long from = (call % 1000) * PATHS;
        Paths paths = kernel.paths(from, from + PATHS);
        RiskFigures f = new RiskFigures(paths.outcomes(), paths.weights());
        double sum = 0;
        for (double level : LEVELS) {
            sum += f.valueAtRisk(level) + f.expectedShortfall(level) + f.confidenceInterval(level)[0];
        }
        RiskFigures.StandardErrors se = RiskFigures.standardErrors(paths.outcomes(), paths.weights(), f, LEVELS);
        return sum + se.var().get("0.01");
    }

    /** The statistical figures: variance of the estimates over 100 seeds, plain over IS, per model and level. */
    public static void main(String[] args) {
        System.out.println("variance over " + ImportanceSamplingTests.SEEDS + " seeds, " + PATHS
                + " paths, 4-index portfolio, shift aimed at 1 % (plain / IS; spread / reported SE)");
        for (String model : List.of("correlated", "independent", "historical")) {
            ImportanceSamplingTests.Estimates p = ImportanceSamplingTests.Estimates.of(s -> kernel(model, s, false));
            ImportanceSamplingTests.Estimates i = ImportanceSamplingTests.Estimates.of(s -> kernel(model, s, true));
            for (int l = 0; l < LEVELS.size(); l++) {
                System.out.printf(Locale.ROOT, "  %-11s %s  VaR %6.1fx  ES %6.1fx   SE honesty plain %.2f / %.2f,"
                        + " IS %.2f / %.2f (VaR / ES)%n", model, LEVELS.get(l),
                        ImportanceSamplingTests.variance(p.var()[l]) / ImportanceSamplingTests.variance(i.var()[l]),
                        ImportanceSamplingTests.variance(p.es()[l]) / ImportanceSamplingTests.variance(i.es()[l]),
                        honesty(p.var()[l], p.varSe()[l]), honesty(p.es()[l], p.esSe()[l]),
                        honesty(i.var()[l], i.varSe()[l]), honesty(i.es()[l], i.esSe()[l]));
            }
        }
    }

    private static double honesty(double[] estimates, double[] se) {
        return Math.sqrt(ImportanceSamplingTests.variance(estimates)) / ImportanceSamplingTests.rms(se);
    }
}
