package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic WikiEOD generator: deterministic by seed, trading days only, readable by the job. */
class GenerateDataTests {
    @TempDir
    Path dir;

    private List<Row> rows(SparkSession spark, Path p) {
        return spark.read().parquet(p.toString()).orderBy("ticker", "date").collectAsList();
    }

    @Test
    void deterministicBySeedAndRunnableByTheJob() throws Exception {
        SparkSession spark = TestSpark.session();
        LocalDate end = LocalDate.of(2017, 12, 29);
        GenerateData.Options a = new GenerateData.Options(40, 2, 7, dir.resolve("a.parquet"), end, "local[2]");
        GenerateData.Options b = new GenerateData.Options(40, 2, 7, dir.resolve("b.parquet"), end, "local[2]");
        GenerateData.Options c = new GenerateData.Options(40, 2, 8, dir.resolve("c.parquet"), end, "local[2]");
        long count = GenerateData.generate(spark, a);
        GenerateData.generate(spark, b);
        GenerateData.generate(spark, c);
        List<Row> ra = rows(spark, a.output());
        assertEquals(count, ra.size());
        assertEquals(ra, rows(spark, b.output()));
        assertNotEquals(ra, rows(spark, c.output()));
        assertEquals(List.of("ticker", "date", "open", "high", "low", "close", "volume", "ex_dividend", "split_ratio"),
                List.of(spark.read().parquet(a.output().toString()).columns()));
        long tickers = ra.stream().map(r -> r.getString(0)).distinct().count();
        assertEquals(40, tickers);
        for (Row r : ra) {
            LocalDate d = r.getDate(1).toLocalDate();
            assertTrue(d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY, d.toString());
            assertTrue(d.isAfter(end.minusYears(2)) && !d.isAfter(end));
            double close = r.getDouble(5);
            double open = r.getDouble(2);
            assertTrue(r.getDouble(3) >= Math.max(open, close), "high: " + r);
            assertTrue(r.getDouble(4) <= Math.min(open, close) && r.getDouble(4) > 0, "low: " + r);
        }

        Path out = dir.resolve("result.json");
        TestSpark.Run run = TestSpark.cli("--data", a.output().toString(), "--sample-fraction", "0.25",
                "--simulations", "2000", "--output", out.toString());
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        JsonNode result = TestSpark.JSON.readTree(out.toFile());
        assertEquals(40, result.get("tickers").asInt());
        assertEquals(count, result.get("rows").asLong());
        assertTrue(result.get("portfolio").size() >= 1 && result.get("portfolio").size() <= 10);
        // daily stddevs in a realistic range: 12 % .. 40 % a year is about 0.75 % .. 2.5 % a day
        result.get("returns").forEach(s -> {
            double sd = s.get("stddev").asDouble();
            assertTrue(sd > 0.6 && sd < 2.8, s.toString());
        });
    }

    @Test
    void tickerNamesAreDistinct() {
        assertEquals("AA", GenerateData.tickerName(0));
        assertEquals("ZZ", GenerateData.tickerName(675));
        assertEquals("AAA", GenerateData.tickerName(676));
        assertEquals(3000, java.util.stream.IntStream.range(0, 3000).mapToObj(GenerateData::tickerName)
                .distinct().count());
    }

    @Test
    void tradingDaysSkipWeekendsAndFixedHolidays() {
        List<LocalDate> days = GenerateData.tradingDays(LocalDate.of(2016, 12, 23), LocalDate.of(2017, 1, 3));
        assertEquals(List.of(LocalDate.of(2016, 12, 23), LocalDate.of(2016, 12, 26), LocalDate.of(2016, 12, 27),
                LocalDate.of(2016, 12, 28), LocalDate.of(2016, 12, 29), LocalDate.of(2016, 12, 30),
                LocalDate.of(2017, 1, 2), LocalDate.of(2017, 1, 3)), days);
    }

    @Test
    void badOptionsExitTwo() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(2, GenerateData.run(new String[] {"--tickers", "x", "--output", "/tmp/x"},
                new java.io.PrintStream(err, true)));
        assertTrue(err.toString().contains("--tickers"));
    }
}
