package dev.sparkvar.jobapi;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags every Spark 3.5 JVM needs on Java 17 (driver, Master, Worker; executors get them from Spark): Spark's
 * {@code org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()}, here because spark-launcher must not be
 * on the service's classpath.
 *
 * <p>The one source of truth. Three copies cannot read Java and are guarded instead of generated, by
 * {@code spark-job/src/test/java/dev/sparkvar/job/SparkJavaOptionsTests}, which also compares this list with
 * Spark's: the job jar's manifest {@code Add-Opens} and the test JVM's {@code argLine} in {@code spark-job/pom.xml},
 * and {@code kubernetes/spark-image/launch.sh}. Generating them would take a build step that runs this class before
 * the job module's jar and tests are configured and would write into a shell script that images are built from
 * outside Maven; the list changes only with a Spark upgrade, when a failing test that prints the expected line is
 * the cheaper guard.
 */
public final class SparkJavaOptions {

    /** The {@code module/package} pairs Spark opens to unnamed modules, in Spark's order. */
    public static final List<String> OPENS = List.of(
            "java.base/java.lang",
            "java.base/java.lang.invoke",
            "java.base/java.lang.reflect",
            "java.base/java.io",
            "java.base/java.net",
            "java.base/java.nio",
            "java.base/java.util",
            "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic",
            "java.base/jdk.internal.ref",
            "java.base/sun.nio.ch",
            "java.base/sun.nio.cs",
            "java.base/sun.security.action",
            "java.base/sun.util.calendar",
            "java.security.jgss/sun.security.krb5");

    /** The flags, in Spark's order: {@code -XX:+IgnoreUnrecognizedVMOptions}, the opens, the reflection switch. */
    public static final List<String> JAVA17 = flags();

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

    private static List<String> flags() {
        List<String> flags = new ArrayList<>();
        flags.add("-XX:+IgnoreUnrecognizedVMOptions");
        for (String open : OPENS) {
            flags.add("--add-opens=" + open + "=ALL-UNNAMED");
        }
        flags.add("-Djdk.reflect.useDirectMethodHandle=false");
        return List.copyOf(flags);
    }
}
