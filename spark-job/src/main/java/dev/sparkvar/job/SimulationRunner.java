package dev.sparkvar.job;

import java.util.ArrayList;
import java.util.List;

import dev.sparkvar.job.model.PathKernel;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Runs the simulations on Spark: one task per contiguous range of simulation indexes; outcomes come back to
 * the driver in simulation-index order, so the result does not depend on how the ranges are cut.
 */
public final class SimulationRunner {

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
        PathKernel[] kernels = models.toArray(new PathKernel[0]);
        int parts = Math.max(1, Math.min(n, partitions));
        List<long[]> ranges = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            ranges.add(new long[] {(long) n * p / parts, (long) n * (p + 1) / parts});
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Tuple2<Long, double[][]>> results = jsc.parallelize(ranges, parts)
                .map(r -> {
                    double[][] out = new double[kernels.length][];
                    for (int m = 0; m < kernels.length; m++) {
                        out[m] = kernels[m].simulate(r[0], r[1]);
                    }
                    return new Tuple2<>(r[0], out);
                })
                .collect();
        double[][] outcomes = new double[kernels.length][n];
        for (Tuple2<Long, double[][]> part : results) {
            for (int m = 0; m < kernels.length; m++) {
                System.arraycopy(part._2()[m], 0, outcomes[m], part._1().intValue(), part._2()[m].length);
            }
        }
        return outcomes;
    }
}
