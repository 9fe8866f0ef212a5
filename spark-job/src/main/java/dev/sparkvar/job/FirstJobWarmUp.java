package dev.sparkvar.job;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The first Spark job of a driver JVM costs about 0.8 s of wall time before its first task runs and a core-second of
 * class loading, closure cleaning and serialisation and compilation beside it (measured with bench/scale.sh). For
 * the notebook's questions that first job is the simulation itself: the prices are read and summarised on the driver
 * ({@link DriverPrices}), on one core, while the other waits. So when a run starts on a session that has run no job
 * yet, a tiny simulation (one asset, one day, one path per core) goes through {@link SimulationRunner} in the
 * background, the same code path as the run's: the scheduler, the executors' task threads, the kernel's classes and
 * the result's way back are warm by the time the run's own simulation starts. It computes nothing the run uses, is
 * no phase's job (progress ignores it), and its failure (a session stopped under it) is nobody's concern: the run's
 * own jobs report real problems.
 */
final class FirstJobWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private FirstJobWarmUp() {
    }

    /** Starts the warm-up job on a daemon thread, once per JVM (a standby job's own warm-up run starts it). */
    static void startOnce(SparkSession spark) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> run(spark), "sparkvar-first-job-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run(SparkSession spark) {
        SparkContext sc = spark.sparkContext();
        sc.setLocalProperty(ProgressTracker.PHASE_PROPERTY, null); // a copy of the starting thread's: no phase's job
        int tasks = Math.max(1, sc.defaultParallelism());
        SimulationKernel tiny = new SimulationKernel(new double[] {1}, new double[] {0}, new double[] {1}, 1, 0);
        try {
            SimulationRunner.paths(spark, List.of(tiny), tasks, tasks);
        } catch (RuntimeException e) {
            // best effort (the session may be stopping): the run's own jobs report anything real
        }
    }
}
