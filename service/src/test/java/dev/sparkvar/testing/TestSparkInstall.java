package dev.sparkvar.testing;

import dev.sparkvar.spark.SparkInstall;
import dev.sparkvar.spark.SparkInstallConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** The spark-job module's build output as a {@link SparkInstall}, for tests that start Spark JVMs outside Quarkus. */
public final class TestSparkInstall {

    /**
     * The flags of every Spark JVM the tests start, read from application.properties'
     * {@code %test.sparkvar.job.jvm-options} (written there once; it says why): the JVMs a test starts outside the
     * service (the kubelet harness's pods, a test's own master) start as cheaply as the service's.
     */
    public static final List<String> JVM_OPTIONS = testJvmOptions();

    private TestSparkInstall() {
    }

    private static List<String> testJvmOptions() {
        return List.of(testSetting("sparkvar.job.jvm-options").split(","));
    }

    /** A {@code %test.} line of application.properties, as written (the tests' settings are written there once). */
    static String testSetting(String key) {
        Properties properties = new Properties();
        try (InputStream in = TestSparkInstall.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the test class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = properties.getProperty("%test." + key);
        if (value == null) {
            throw new IllegalStateException("application.properties has no %test." + key + " line");
        }
        return value;
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
                return Optional.of(JVM_OPTIONS);
            }
        });
    }
}
