package dev.sparkvar.jobapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM flags every Spark 3.5 JVM needs on Java 17 (driver, Master, Worker; executors get them from Spark): Spark's
 * {@code org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()}, here because spark-launcher must not be
 * on the service's classpath.
 *
 * <p>Written once, as the parent pom's {@code sparkvar.spark.opens}; the build derives the flags from it
 * ({@code sparkvar.spark.java17}) and fills them into this class's resource {@code spark-java17.properties}, spark-job's
 * test {@code argLine} and jar manifest {@code Add-Opens}, and the Spark image's {@code java17-options} that
 * {@code kubernetes/spark-image/launch.sh} reads. spark-job's {@code SparkJavaOptionsTests} compares them with Spark's
 * own list and with each other.
 */
public final class SparkJavaOptions {

    private static final Properties GENERATED = load();

    /** The {@code module/package} pairs Spark opens to unnamed modules, in Spark's order. */
    public static final List<String> OPENS = split(GENERATED.getProperty("opens"));

    /** The flags, in Spark's order: {@code -XX:+IgnoreUnrecognizedVMOptions}, the opens, the reflection switch. */
    public static final List<String> JAVA17 = split(GENERATED.getProperty("java17"));

    private SparkJavaOptions() {
    }

    /** The flags joined by spaces, as on a command line. */
    public static String commandLine() {
        return String.join(" ", JAVA17);
    }

    /** The value of a jar manifest's {@code Add-Opens} attribute ({@code java -jar} applies it). */
    public static String manifestAddOpens() {
        return String.join(" ", OPENS);
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = SparkJavaOptions.class.getResourceAsStream("spark-java17.properties")) {
            if (in == null) {
                throw new IllegalStateException("spark-java17.properties is missing from job-api's jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank() || value.contains("${")) { // an unfiltered resource: a build mistake
            throw new IllegalStateException("spark-java17.properties was not filled in by the build: " + value);
        }
        return List.copyOf(Arrays.asList(value.trim().split("\\s+")));
    }
}
