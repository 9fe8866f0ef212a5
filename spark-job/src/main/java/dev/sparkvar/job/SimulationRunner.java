package dev.sparkvar.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import dev.sparkvar.job.model.PathKernel;
import dev.sparkvar.job.model.Paths;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Function1;
import scala.Function2;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

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
        List<long[]> ranges = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            ranges.add(new long[] {(long) n * p / parts, (long) n * (p + 1) / parts});
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Tuple2<Long, Paths[]>> tasks = jsc.parallelize(ranges, parts)
                .map(r -> {
                    Paths[] out = new Paths[kernels.length];
                    for (int m = 0; m < kernels.length; m++) {
                        out[m] = kernels[m].paths(r[0], r[1]);
                    }
                    return new Tuple2<>(r[0], out);
                });
        double[][] outcomes = new double[kernels.length][n];
        double[][] weights = new double[kernels.length][];
        // each task's paths go into place as the task ends (Spark calls the handler on its scheduler thread, once
        // per partition), while the other tasks still run: no list of every result to copy from after the last one
        // (one range per partition, so a partition's result is its one element)
        Function1<Iterator<Tuple2<Long, Paths[]>>, Tuple2<Long, Paths[]>> only =
                (Function1<Iterator<Tuple2<Long, Paths[]>>, Tuple2<Long, Paths[]>> & Serializable) Iterator::next;
        Function2<Object, Tuple2<Long, Paths[]>, BoxedUnit> place = (index, part) -> {
            place(part, outcomes, weights, n);
            return BoxedUnit.UNIT;
        };
        spark.sparkContext().runJob(tasks.rdd(), only, place, ClassTag$.MODULE$.apply(Tuple2.class));
        Paths[] out = new Paths[kernels.length];
        for (int m = 0; m < kernels.length; m++) {
            out[m] = new Paths(outcomes[m], weights[m]);
        }
        return out;
    }

    /** Copies one task's paths (simulations from {@code part._1()}) into the run's arrays, by simulation index. */
    private static void place(Tuple2<Long, Paths[]> part, double[][] outcomes, double[][] weights, int n) {
        int at = part._1().intValue();
        for (int m = 0; m < outcomes.length; m++) {
            Paths p = part._2()[m];
            System.arraycopy(p.outcomes(), 0, outcomes[m], at, p.outcomes().length);
            if (p.weights() != null) {
                if (weights[m] == null) {
                    weights[m] = new double[n];
                }
                System.arraycopy(p.weights(), 0, weights[m], at, p.weights().length);
            }
        }
    }
}
