package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
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
 * Spark's Java 17 flags are written once, as the parent pom's {@code sparkvar.spark.opens}, and generated everywhere
 * else by the build: this checks that the source is Spark's own list and that each generated copy equals it (the
 * jar manifest's {@code Add-Opens} is proven by VarJobJarIT, whose {@code java -jar} has no flags of its own).
 */
class SparkJavaOptionsTests {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

    @Test
    void theSourceIsSparksOwnList() throws IOException {
        List<String> opens = Arrays.asList(element(MODULE.resolve("../pom.xml"), "sparkvar.spark.opens").split("\\s+"));
        List<String> spark = Arrays.asList(JavaModuleOptions.defaultModuleOptions().trim().split("\\s+"));
        assertEquals(opens, SparkJavaOptions.OPENS, "job-api's generated resource must be the parent pom's list");
        assertEquals(spark, SparkJavaOptions.JAVA17,
                "Spark's JavaModuleOptions changed: update sparkvar.spark.opens in the parent pom");
    }

    @Test
    void theTestJvmGotTheGeneratedFlags() {
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(jvm.containsAll(SparkJavaOptions.JAVA17), "the surefire argLine lacks some of "
                + SparkJavaOptions.JAVA17 + ": " + jvm);
        assertTrue(ModuleOpens.present(), "this test JVM lacks some of " + SparkJavaOptions.OPENS);
    }

    @Test
    void theJarManifestTakesTheSource() throws IOException {
        assertEquals("${sparkvar.spark.opens}", element(MODULE.resolve("pom.xml"), "Add-Opens"),
                "spark-job/pom.xml <Add-Opens> must be the parent pom's property, not a copy");
    }

    @Test
    void theSparkImageGetsTheGeneratedFlags() throws IOException {
        Path options = MODULE.resolve("target/spark-home/java17-options");
        assertEquals(SparkJavaOptions.JAVA17, Arrays.asList(Files.readString(options).trim().split("\\s+")), options.toString());
        String script = Files.readString(MODULE.resolve("../kubernetes/spark-image/launch.sh").normalize());
        assertTrue(script.contains("java17=\"$(cat \"$SPARK_HOME/java17-options\")\""),
                "launch.sh must read the generated java17-options");
        assertTrue(!script.contains("--add-opens"), "launch.sh must not carry a copy of the flags");
    }

    private static String element(Path pom, String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">")
                .matcher(Files.readString(pom));
        assertTrue(m.find(), pom + " has no <" + name + ">");
        return m.group(1).trim();
    }
}
