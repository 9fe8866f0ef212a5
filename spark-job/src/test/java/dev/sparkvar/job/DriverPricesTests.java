package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkvar.job.model.AlignedReturns;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's reading of a small CSV gives exactly what the Spark path gives (bit for bit: every mean, stddev,
 * latest price and aligned change), leaves to Spark every file it is not sure of, and the job's figures for a seed
 * are the ones main's build printed before the driver path existed.
 */
class DriverPricesTests {

    @TempDir
    Path dir;

    @Test
    void theSampleSummarisesBitForBitAsSparkDoes() {
        assertSameAsSpark(TestSpark.SAMPLE);
    }

    @Test
    void shuffledRandomPricesSummariseBitForBitAsSparkDoes() throws IOException {
        Random random = new Random(20261206);
        List<String> lines = new ArrayList<>();
        LocalDate start = LocalDate.of(2001, 1, 1);
        for (int t = 0; t < 40; t++) {
            double close = 1 + random.nextDouble() * 500;
            int days = t == 0 ? 2 : 3 + random.nextInt(400); // T0 has one change: unmodelled, as in Spark
            for (int d = 0; d < days; d++) {
                close = Math.max(0.01, close * (1 + random.nextGaussian() * 0.03));
                lines.add(String.format(java.util.Locale.ROOT, "%d,T%d,%s,%.6f", lines.size(), t,
                        start.plusDays(d * 2L + t % 3), close));
            }
        }
        Collections.shuffle(lines, random); // row order must not matter
        lines.add(0, "id,Ticker,Date,CLOSE");
        Path file = dir.resolve("random.csv");
        Files.write(file, lines);
        assertSameAsSpark(file);
    }

    @Test
    void filesItIsNotSureOfAreLeftToSpark() throws IOException {
        String header = "ticker,date,close\n";
        for (String body : List.of(
                "\"AA\",2020-01-02,10\n", // a quote
                "AA,2020-01-02,10\nAA,2020-01-02,11\n", // a duplicate
                "AA,2020-01-02,abc\n", // not a number
                "AA,2020-01-02,-1\n", // not positive
                "AA,2020-02-30,10\n", // no such date
                "AA ,2020-01-02,10\n", // padded ticker
                "AA,2020-01-02,10,extra\n", // wider than the header
                "AA,2020-01-02,10\n\nAA,2020-01-03,10\n", // a blank line
                "")) { // no rows
            Path file = dir.resolve("odd.csv");
            Files.writeString(file, header + body);
            assertTrue(DriverPrices.read(file).isEmpty(), body);
        }
        Path duplicateColumn = dir.resolve("dup.csv");
        Files.writeString(duplicateColumn, "ticker,date,close,Close\nAA,2020-01-02,10,1\n");
        assertTrue(DriverPrices.read(duplicateColumn).isEmpty());
        Path plain = dir.resolve("plain.csv");
        Files.writeString(plain, header + "AA,2020-01-02,10\r\nAA,2020-01-03,10.5\r\n");
        assertEquals(2, DriverPrices.read(plain).orElseThrow().rowCount());
    }

    @Test
    void sameSeedSameVarDigitsAsMainsBuild() throws IOException {
        // main's build (before the driver path), `java -jar sparkvar-job.jar --master local[2] --seed 42`:
        // {"0.05": -13278.143685621122}
        Path out = dir.resolve("result.json");
        TestSpark.Run run = TestSpark.cli("--data", TestSpark.SAMPLE.toString(), "--seed", "42",
                "--output", out.toString());
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        JsonNode result = TestSpark.JSON.readTree(out.toFile());
        assertEquals(-13278.143685621122, result.at("/var/0.05").asDouble(), 0.0);
    }

    private static void assertSameAsSpark(Path file) {
        SparkSession spark = TestSpark.session();
        spark.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
        spark.conf().set("spark.sql.ansi.enabled", "false");
        DriverPrices driver = DriverPrices.read(file).orElseThrow();
        PriceLoader.Prices viaSpark = PriceLoader.load(spark, file);
        try {
            assertEquals(viaSpark.rowCount(), driver.rowCount());
            MarketModel.Returns expected = MarketModel.returns(viaSpark.rows(), file);
            MarketModel.Returns actual = MarketModel.returns(driver, file);
            assertEquals(expected.unmodelled(), actual.unmodelled());
            assertEquals(expected.warnings(), actual.warnings());
            assertEquals(expected.returns().keySet(), actual.returns().keySet());
            for (Map.Entry<String, MarketModel.ReturnStats> e : expected.returns().entrySet()) {
                MarketModel.ReturnStats a = actual.returns().get(e.getKey());
                assertEquals(Double.doubleToRawLongBits(e.getValue().mean()), Double.doubleToRawLongBits(a.mean()),
                        e.getKey() + " mean " + e.getValue().mean() + " vs " + a.mean());
                assertEquals(Double.doubleToRawLongBits(e.getValue().stddev()),
                        Double.doubleToRawLongBits(a.stddev()),
                        e.getKey() + " stddev " + e.getValue().stddev() + " vs " + a.stddev());
            }
            assertEquals(MarketModel.latestPrices(viaSpark.rows()), driver.latestPrices());

            List<String> tickers = new ArrayList<>(expected.returns().keySet()).subList(0, 4);
            AlignedReturns sparkSeries = AlignedReturns.collect(viaSpark.rows(), tickers);
            AlignedReturns driverSeries = AlignedReturns.collect(driver.toDataset(spark), tickers);
            assertEquals(sparkSeries.size(), driverSeries.size());
            for (int t = 0; t < sparkSeries.size(); t++) {
                assertEquals(sparkSeries.date(t), driverSeries.date(t));
                assertArrayEquals(sparkSeries.changes(t), driverSeries.changes(t));
            }
        } finally {
            viaSpark.rows().unpersist(false);
        }
    }
}
