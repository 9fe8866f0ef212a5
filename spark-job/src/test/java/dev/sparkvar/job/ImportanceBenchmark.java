package dev.sparkvar.job;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.sparkvar.job.model.HistoricalKernel;
import dev.sparkvar.job.model.PathKernel;
import dev.sparkvar.job.model.Paths;
import dev.sparkvar.job.model.ModelStreams;
import dev.sparkvar.jobapi.RiskModel;
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
                        ModelStreams.seed(RiskModel.HISTORICAL, seed));
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
        StandardErrors se = StandardErrors.of(paths.outcomes(), paths.weights(), f, LEVELS);
        return sum + se.var().get("0.01");
    }

    /**
     * CPU time per path of each, measured with the thread's CPU clock ({@code ThreadMXBean}), which a busy
     * machine disturbs far less than JMH's wall clock: after a warm-up, blocks of 10 calls of plain and of IS
     * alternate, 40 blocks each; the median block, per path. Then the statistical figures ({@link #variance}).
     */
    public static void main(String[] args) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        System.out.println("CPU time per path, ns (thread CPU clock, one thread; simulate + VaR/ES/CI + 20-batch"
                + " errors, " + PATHS + " paths; median of 40 blocks of 10 calls, plain and IS alternating)");
        System.out.println("  model        plain      IS    IS / plain   (aim <= 1.3)");
        double sink = 0;
        for (String model : List.of("correlated", "independent", "historical")) {
            PathKernel plain = kernel(model, 0xdea110c8L, false);
            PathKernel is = kernel(model, 0xdea110c8L, true);
            for (int i = 0; i < 100; i++) {
                sink += figures(plain, i) + figures(is, i);
            }
            long[] p = new long[40];
            long[] q = new long[40];
            long call = 0;
            for (int block = 0; block < 40; block++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 10; i++) {
                    sink += figures(plain, call + i);
                }
                long t1 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 10; i++) {
                    sink += figures(is, call + i);
                }
                long t2 = mx.getCurrentThreadCpuTime();
                call += 10;
                p[block] = t1 - t0;
                q[block] = t2 - t1;
            }
            java.util.Arrays.sort(p);
            java.util.Arrays.sort(q);
            double plainNs = p[20] / 10.0 / PATHS;
            double isNs = q[20] / 10.0 / PATHS;
            System.out.printf(Locale.ROOT, "  %-11s %7.1f %7.1f   %6.2f%n", model, plainNs, isNs, isNs / plainNs);
        }
        if (sink == 42) {
            System.out.println();
        }
        variance();
    }

    /** The statistical figures: variance of the estimates over 100 seeds, plain over IS, per model and level. */
    static void variance() {
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
