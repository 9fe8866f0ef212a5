package dev.sparkvar.testing;

import dev.sparkvar.spark.SparkInstall;
import dev.sparkvar.spark.SparkInstallConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The spark-job module's build output as a {@link SparkInstall}, for tests that start Spark JVMs outside Quarkus. */
public final class TestSparkInstall {

    private TestSparkInstall() {
    }

    public static SparkInstall create() {
        return new SparkInstall(new SparkInstallConfig() {
            @Override
            public Path home() {
                return Path.of(System.getProperty("sparkvar.job.home", "../spark-job/target"));
            }

            @Override
            public Optional<Path> java() {
                return Optional.empty();
            }

            @Override
            public Optional<List<String>> jvmOptions() {
                return Optional.empty();
            }
        });
    }
}
