package dev.sparkvar.job;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.List;

import dev.sparkvar.job.model.PathKernel;
import dev.sparkvar.job.model.Paths;
import org.apache.spark.sql.SparkSession;
import scala.Function2;
import scala.Tuple2;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * Runs the simulations on Spark: one task per contiguous range of simulation indexes; outcomes come back to
 * the driver in simulation-index order, so the result does not depend on how the ranges are cut.
 */
public final class SimulationRunner {

    /** Simulations per call of a kernel within a task ({@link #packed}). */
    static final int CHUNK = 256;

    private SimulationRunner() {
    }

    /** The default number of partitions: twice the cluster's parallelism, at least 8, at most one per simulation. */
    public static int defaultPartitions(SparkSession spark, int simulations) {
        int parallelism = spark.sparkContext().defaultParallelism();
        return Math.max(1, Math.min(simulations, Math.max(8, 2 * parallelism)));
    }

    /** Simulates indexes {@code 0..n-1} in {@code partitions} tasks; returns outcomes by index. */
    public static double[] run(SparkSession spark, SimulationKernel kernel, int n, int partitions) {
        return run(spark, List.of(kernel), n, partitions)[0];
    }

    /** Every model's simulations {@code 0..n-1} in one Spark job: each task runs its range through each kernel. */
    public static double[][] run(SparkSession spark, List<? extends PathKernel> models, int n, int partitions) {
        Paths[] paths = paths(spark, models, n, partitions);
        double[][] outcomes = new double[paths.length][];
        for (int m = 0; m < paths.length; m++) {
            outcomes[m] = paths[m].outcomes();
        }
        return outcomes;
    }

    /**
     * Every model's simulations {@code 0..n-1} in one Spark job, with their likelihood ratios when a kernel is
     * importance sampled (weights null otherwise); both by simulation index.
     */
    public static Paths[] paths(SparkSession spark, List<? extends PathKernel> models, int n, int partitions) {
        PathKernel[] kernels = models.toArray(new PathKernel[0]);
        int parts = Math.max(1, Math.min(n, partitions));
        long[][] ranges = new long[parts][];
        for (int p = 0; p < parts; p++) {
            ranges[p] = new long[] {(long) n * p / parts, (long) n * (p + 1) / parts};
        }
        SimulationRdd tasks = new SimulationRdd(spark.sparkContext(), kernels, ranges);
        double[][] outcomes = new double[kernels.length][n];
        double[][] weights = new double[kernels.length][];
        // each task's paths go into place as the task ends (Spark calls the handler on its scheduler thread, once
        // per partition), while the other tasks still run: no list of every result to copy from after the last one
        // (one range per partition, so a partition's result is its one element)
        Function2<Object, Tuple2<Long, byte[][]>, BoxedUnit> place = (index, part) -> {
            place(part, outcomes, weights, n);
            return BoxedUnit.UNIT;
        };
        spark.sparkContext().runJob(tasks, new SimulationRdd.Only(), place, ClassTag$.MODULE$.apply(Tuple2.class));
        Paths[] out = new Paths[kernels.length];
        for (int m = 0; m < kernels.length; m++) {
            out[m] = new Paths(outcomes[m], weights[m]);
        }
        return out;
    }

    /**
     * Paths of simulations {@code from} to {@code to} of every kernel, as a task sends them: per kernel its
     * outcomes' bytes, then its weights' bytes (null when it has none), little-endian doubles.
     *
     * <p>Why bytes: Java serialisation writes a {@code double[]} a value at a time through a 1 KB block buffer,
     * and reads it back the same way on the driver; a task's 10 MB of outcomes cost about as much there as the
     * simulating, and the loops doing it were compiled anew at every new size. A {@code byte[]} is copied in
     * bulk both ways.
     *
     * <p>Why chunks: the kernel is asked {@link #CHUNK} paths at a time. A task's range is 10⁶ paths and more,
     * so one call per task would leave the kernel's loop to the JIT's on-stack replacement, compiled anew in
     * every job, while a call per chunk is invoked often enough for an ordinary C2 compilation that the next
     * jobs reuse (a warm pool's slot gets it during its warm-up).
     */
    static byte[][] packed(PathKernel[] kernels, long from, long to) {
        int count = Math.toIntExact(to - from);
        byte[][] out = new byte[2 * kernels.length][];
        for (int m = 0; m < kernels.length; m++) {
            byte[] outcomes = new byte[Math.multiplyExact(count, Double.BYTES)];
            DoubleBuffer outcomeView = doubles(outcomes);
            DoubleBuffer weightView = null;
            for (long c = from; c < to; c += CHUNK) {
                Paths p = kernels[m].paths(c, Math.min(to, c + CHUNK));
                outcomeView.put(p.outcomes());
                if (p.weights() != null) {
                    if (weightView == null) {
                        out[2 * m + 1] = new byte[outcomes.length];
                        weightView = doubles(out[2 * m + 1]);
                        weightView.position((int) (c - from));
                    }
                    weightView.put(p.weights());
                }
            }
            out[2 * m] = outcomes;
        }
        return out;
    }

    /** The doubles view of a task's bytes, the same order on every machine. */
    private static DoubleBuffer doubles(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
    }

    /** Copies one task's paths (simulations from {@code part._1()}) into the run's arrays, by simulation index. */
    private static void place(Tuple2<Long, byte[][]> part, double[][] outcomes, double[][] weights, int n) {
        int at = part._1().intValue();
        byte[][] packed = part._2();
        for (int m = 0; m < outcomes.length; m++) {
            byte[] o = packed[2 * m];
            doubles(o).get(outcomes[m], at, o.length / Double.BYTES);
            byte[] w = packed[2 * m + 1];
            if (w != null) {
                if (weights[m] == null) {
                    weights[m] = new double[n];
                }
                doubles(w).get(weights[m], at, w.length / Double.BYTES);
            }
        }
    }
}
