package dev.sparkvar.spark;

import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where the spark-job module's build output lives: the job jar and the assembled spark-home. */
public interface SparkInstallConfig {

    /**
     * Folder holding {@code sparkvar-job.jar} and {@code spark-home/} (the spark-job module's
     * {@code target/}). Default {@code spark-job/target}, relative to the working directory.
     */
    @WithDefault("spark-job/target")
    Path home();

    /** The java executable for Spark JVMs; default: the one running the service. */
    Optional<Path> java();

    /**
     * More flags for every Spark JVM the service starts (local Master and Worker, the job driver, its executors),
     * after Spark's own. Default none. The test profile sets start-up flags here (C1 only, serial GC: half the CPU
     * of a short JVM's start on 2 cores); production keeps the JVM's defaults, whose C2 the simulation kernel needs.
     */
    Optional<List<String>> jvmOptions();
}
