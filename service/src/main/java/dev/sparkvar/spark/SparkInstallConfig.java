package dev.sparkvar.spark;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/** Where the spark-job module's build output lives: the job jar and the assembled spark-home. */
@ConfigMapping(prefix = "sparkvar.job")
public interface SparkInstallConfig {

    /**
     * Folder holding {@code sparkvar-job.jar} and {@code spark-home/} (the spark-job module's
     * {@code target/}). Default {@code spark-job/target}, relative to the working directory.
     */
    @WithDefault("spark-job/target")
    Path home();

    /** The java executable for Spark JVMs; default: the one running the service. */
    Optional<Path> java();
}
