package dev.sparkvar.spark;

import dev.sparkvar.jobapi.SparkJavaOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Spark installation every Spark JVM we start uses: the job jar, the spark-home assembled by the
 * spark-job module (it doubles as SPARK_HOME for local workers) and the Java 17 flags Spark needs.
 * Spark itself stays off the service's classpath: we only point child JVMs at these files.
 */
@ApplicationScoped
public class SparkInstall {

    /**
     * Spark 3.5's Java 17 flags ({@code JavaModuleOptions.defaultModuleOptions()}), from the job contract because
     * spark-launcher must not be on the service's classpath. Master, Worker and driver need them; executors get
     * them from Spark.
     */
    public static final List<String> JAVA17_OPTIONS = SparkJavaOptions.JAVA17;

    private final SparkInstallConfig config;

    public SparkInstall(SparkInstallConfig config) {
        this.config = config;
    }

    /** The job module's runnable jar ({@code java -jar} works with no flags). */
    public Path jobJar() {
        return config.home().resolve("sparkvar-job.jar").toAbsolutePath().normalize();
    }

    /** SPARK_HOME for Spark JVMs: {@code jars/} with every runtime jar and {@code conf/}. */
    public Path sparkHome() {
        return config.home().resolve("spark-home").toAbsolutePath().normalize();
    }

    /**
     * Classpath {@code jars/*:conf}: conf's log4j2.properties configures every JVM (no jar has one). The jars come
     * first because a JVM cannot dump a class-sharing archive past a non-empty folder on its class path (the
     * executors Spark starts get the same order: {@code spark.executor.extraClassPath}, JobLauncher).
     */
    public String classpath() {
        Path home = sparkHome();
        return jars() + File.pathSeparator + home.resolve("conf");
    }

    /** {@code spark-home/jars/*}: every runtime jar, as a class path wildcard. */
    public String jars() {
        return sparkHome().resolve("jars") + File.separator + "*";
    }

    /** Spark's Java 17 flags, then {@code sparkvar.job.jvm-options}: the flags of every Spark JVM we start. */
    public List<String> javaOptions() {
        List<String> extra = extraJavaOptions();
        if (extra.isEmpty()) {
            return JAVA17_OPTIONS;
        }
        List<String> all = new java.util.ArrayList<>(JAVA17_OPTIONS);
        all.addAll(extra);
        return List.copyOf(all);
    }

    /** {@code sparkvar.job.jvm-options} alone: what executors get besides the flags Spark gives them itself. */
    public List<String> extraJavaOptions() {
        return config.jvmOptions().orElse(List.of());
    }

    /** The java executable for child JVMs. */
    public Path java() {
        return config.java().orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** Fails with a message that says how to build the job module when its output is missing. */
    public void requireBuilt() {
        if (!Files.isDirectory(sparkHome().resolve("jars")) || !Files.isRegularFile(jobJar())) {
            throw new IllegalStateException("Spark job module not built: expected " + jobJar() + " and "
                    + sparkHome().resolve("jars") + "; run ./mvnw -pl spark-job package -DskipTests");
        }
    }
}
