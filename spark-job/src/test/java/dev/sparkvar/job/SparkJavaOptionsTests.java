package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sparkvar.jobapi.SparkJavaOptions;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/**
 * Spark's Java 17 flags have one source, {@link SparkJavaOptions} in job-api; the copies that cannot read Java are
 * guarded here instead of generated (see that class): the job jar's manifest and the test JVM's argLine in
 * {@code spark-job/pom.xml}, and {@code kubernetes/spark-image/launch.sh}. A failure prints the expected text.
 */
class SparkJavaOptionsTests {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

    @Test
    void theConstantIsSparksOwnList() {
        List<String> spark = Arrays.asList(JavaModuleOptions.defaultModuleOptions().trim().split("\\s+"));
        assertEquals(spark, SparkJavaOptions.JAVA17, "Spark's JavaModuleOptions changed: update job-api");
    }

    @Test
    void theJarManifestOpensTheSamePackages() throws IOException {
        assertEquals(SparkJavaOptions.manifestAddOpens(), element(MODULE.resolve("pom.xml"), "Add-Opens"),
                "spark-job/pom.xml <Add-Opens> must be SparkJavaOptions.manifestAddOpens()");
    }

    @Test
    void theTestJvmGetsTheSameFlags() throws IOException {
        String argLine = element(MODULE.resolve("pom.xml"), "argLine");
        assertTrue(argLine.contains(SparkJavaOptions.commandLine()),
                "spark-job/pom.xml <argLine> must contain SparkJavaOptions.commandLine(): " + SparkJavaOptions.commandLine());
        assertTrue(ModuleOpens.present(), "this test JVM lacks some of " + SparkJavaOptions.OPENS);
    }

    @Test
    void theSparkImageLaunchScriptUsesTheSameFlags() throws IOException {
        Path script = MODULE.resolve("../kubernetes/spark-image/launch.sh").normalize();
        Matcher m = Pattern.compile("(?m)^java17=\"([^\"]*)\"").matcher(Files.readString(script));
        assertTrue(m.find(), script + " must set java17=\"...\" (the flags, one per line)");
        List<String> flags = Arrays.asList(m.group(1).replace("\\\n", " ").trim().split("\\s+"));
        assertEquals(SparkJavaOptions.JAVA17, flags, script + ": java17 must be SparkJavaOptions.JAVA17");
    }

    private static String element(Path pom, String name) throws IOException {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(Files.readString(pom));
        assertTrue(m.find(), pom + " has no <" + name + ">");
        return m.group(1).trim();
    }
}
