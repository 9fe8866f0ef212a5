package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line parsing and the Spark settings derived from it. */
class JobArgsParserTests {
    private static final Path DEFAULT = Path.of("data.csv");

    @Test
    void defaultsMatchTheContract() {
        JobArgs a = JobArgsParser.parse(new String[0], DEFAULT);
        assertEquals(DEFAULT, a.data());
        assertEquals("local[*]", a.master());
        assertEquals(10_000, a.simulations());
        assertEquals(5, a.horizonDays());
        assertEquals(List.of(0.05), a.levels());
        assertEquals(0xdea110c8L, a.seed());
        assertEquals(0.01, a.sampleFraction());
        assertEquals(25, a.bins());
        assertNull(a.partitions());
        assertNull(a.holdings());
        assertEquals("sparkvar-var", a.appName());
    }

    @Test
    void parsesEveryOption(@TempDir Path dir) throws IOException {
        Path props = dir.resolve("spark-defaults.conf");
        Files.writeString(props, """
                # comment
                spark.dynamicAllocation.enabled true
                spark.executor.memory=1g
                  spark.metrics.namespace   from-file
                """);
        JobArgs a = JobArgsParser.parse(new String[] {"--data", "x.parquet", "--master", "spark://h:7077",
            "--simulations", "500", "--horizon-days", "1", "--levels", "0.05,0.01,0.05", "--seed", "0x10",
            "--sample-fraction", "0.5", "--partitions", "3", "--bins", "10", "--output", "o.json",
            "--callback", "http://127.0.0.1:1/cb", "--token", "t", "--conf", "spark.metrics.namespace=run-1",
            "--conf", "spark.a=b=c", "--properties-file", props.toString(), "--app-name", "n"}, DEFAULT);
        assertEquals(Path.of("x.parquet"), a.data());
        assertEquals(List.of(0.05, 0.01), a.levels());
        assertEquals(16, a.seed());
        assertEquals(3, a.partitions());
        assertEquals("run-1", a.sparkConf().get("spark.metrics.namespace"), "--conf wins over the file");
        assertEquals("true", a.sparkConf().get("spark.dynamicAllocation.enabled"));
        assertEquals("1g", a.sparkConf().get("spark.executor.memory"));
        assertEquals("b=c", a.sparkConf().get("spark.a"));
        assertEquals("n", a.appName());
        SparkConf conf = JobSparkConf.of(a);
        assertEquals("spark://h:7077", conf.get("spark.master"));
        assertEquals("n", conf.get("spark.app.name"));
        assertEquals("run-1", conf.get("spark.metrics.namespace"));
        // a foreign cluster's executors lack Commons RNG: its jars are shipped with the job's
        String jars = conf.get("spark.jars");
        for (String lib : List.of("commons-rng-client-api", "commons-rng-core", "commons-rng-sampling")) {
            assertTrue(jars.contains(lib), jars);
        }
        assertTrue(JobSparkConf.of(JobArgsParser.parse(new String[0], DEFAULT)).getOption("spark.jars").isEmpty(),
                "nothing shipped in local mode");
    }

    @Test
    void aSecretInTheEnvironmentTurnsSparkAuthenticationOnForAStandaloneMaster() {
        JobArgs standalone = JobArgsParser.parse(new String[] {"--master", "spark://127.0.0.1:7077"}, DEFAULT);
        SparkConf conf = JobSparkConf.of(standalone, Map.of("_SPARK_AUTH_SECRET", "s3cret"));
        assertEquals("true", conf.get("spark.authenticate"));
        assertEquals("s3cret", conf.get("spark.authenticate.secret"), "a standalone driver wants it in its conf");

        SparkConf without = JobSparkConf.of(standalone, Map.of());
        assertTrue(without.getOption("spark.authenticate").isEmpty(), "no secret: a cluster without authentication");
        assertTrue(without.getOption("spark.authenticate.secret").isEmpty());

        SparkConf local = JobSparkConf.of(JobArgsParser.parse(new String[0], DEFAULT), Map.of("_SPARK_AUTH_SECRET", "s"));
        assertTrue(local.getOption("spark.authenticate.secret").isEmpty(), "local[*] has no cluster to authenticate to");
    }

    @Test
    void rejectsBadValuesWithTheOptionName() {
        Map<String[], String> cases = Map.ofEntries(
                Map.entry(new String[] {"--levels", "0.5"}, "--levels"),
                Map.entry(new String[] {"--levels", "0"}, "--levels"),
                Map.entry(new String[] {"--levels", "abc"}, "--levels"),
                Map.entry(new String[] {"--simulations", "0"}, "--simulations must be at least 1"),
                Map.entry(new String[] {"--horizon-days", "0"}, "--horizon-days must be at least 1"),
                Map.entry(new String[] {"--sample-fraction", "1.5"}, "--sample-fraction"),
                Map.entry(new String[] {"--sample-fraction", "0"}, "--sample-fraction"),
                Map.entry(new String[] {"--bogus", "1"}, "Unknown option --bogus"),
                Map.entry(new String[] {"--seed"}, "--seed needs a value"),
                Map.entry(new String[] {"--callback", "ftp://x"}, "--callback"),
                Map.entry(new String[] {"--master", "foo://x"}, "--master: not a Spark master URL"),
                Map.entry(new String[] {"--variance-reduction", "antithetic"},
                        "--variance-reduction: unknown method 'antithetic' (known: none, importance)"));
        cases.forEach((args, expected) -> {
            BadInputException e = assertThrows(BadInputException.class, () -> JobArgsParser.parse(args, DEFAULT));
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        });
    }

    @Test
    void varianceReductionDefaultsToPlainSampling() {
        assertEquals("none", JobArgsParser.parse(new String[0], DEFAULT).varianceReduction());
        assertEquals("importance",
                JobArgsParser.parse(new String[] {"--variance-reduction", "Importance"}, DEFAULT).varianceReduction());
        assertEquals("none",
                JobArgsParser.parse(new String[] {"--variance-reduction=none"}, DEFAULT).varianceReduction());
        assertTrue(JobUsage.TEXT.contains("--variance-reduction"));
    }

    @Test
    void helpIsRecognised() {
        assertTrue(JobArgsParser.wantsHelp(new String[] {"--data", "x", "--help"}));
        assertTrue(JobUsage.TEXT.contains("--properties-file"));
    }
}
