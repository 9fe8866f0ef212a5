package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends with exit code 2 and one message naming the file, the column and an example row. */
class InputValidationTests {
    private static final String GOOD = """
            ticker,date,close
            AAA,2020-01-02,10
            AAA,2020-01-03,11
            AAA,2020-01-06,10.5
            BBB,2020-01-02,20
            BBB,2020-01-03,19
            BBB,2020-01-06,21
            """;

    @TempDir
    Path dir;

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static void assertBadInput(TestSpark.Run run, String... fragments) {
        assertEquals(2, run.exitCode(), run.stdout() + run.stderr());
        String message = run.errorMessage();
        assertNotNull(message, "last stdout line must be the error event: " + run.stdout());
        assertEquals(2, run.last().path("exitCode").asInt());
        for (String f : fragments) {
            assertTrue(message.contains(f), "'" + message + "' lacks '" + f + "'");
        }
        assertTrue(run.stderr().contains(message), "message also on stderr");
        assertTrue(!run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.csv");
        assertBadInput(TestSpark.cli("--data", p.toString()), "Data file not found", p.toString());
    }

    @Test
    void missingCloseColumn() throws IOException {
        Path p = csv("noclose.csv", "Ticker,DATE,price\nAAA,2020-01-02,10\n");
        assertBadInput(TestSpark.cli("--data", p.toString()), p.toString(), "missing required column 'close'",
                "Ticker, DATE, price");
    }

    @Test
    void headerNamesAreCaseInsensitiveAndOtherColumnsIgnored() throws IOException {
        Path p = csv("upper.csv", GOOD.replace("ticker,date,close", "TICKER,Date,Close")
                .replace("\n", ",x\n").replace("Close,x", "Close,open"));
        TestSpark.Run run = TestSpark.cli("--data", p.toString(), "--simulations", "50", "--sample-fraction", "1");
        assertEquals(0, run.exitCode(), run.stdout());
    }

    @Test
    void nonNumericPrice() throws IOException {
        Path p = csv("text.csv", GOOD.replace("BBB,2020-01-03,19", "BBB,2020-01-03,n/a"));
        assertBadInput(TestSpark.cli("--data", p.toString()), p.toString(), "column 'close'", "non-numeric",
                "ticker='BBB', date='2020-01-03', close='n/a'");
    }

    @Test
    void nonPositivePrice() throws IOException {
        Path p = csv("zero.csv", GOOD.replace("AAA,2020-01-03,11", "AAA,2020-01-03,-11"));
        assertBadInput(TestSpark.cli("--data", p.toString()), p.toString(), "column 'close'", "non-positive",
                "ticker='AAA', date='2020-01-03', close='-11'");
    }

    @Test
    void missingPrice() throws IOException {
        Path p = csv("null.csv", GOOD.replace("AAA,2020-01-03,11", "AAA,2020-01-03,"));
        assertBadInput(TestSpark.cli("--data", p.toString()), p.toString(), "column 'close'",
                "close=<null>");
    }

    @Test
    void unparsableDate() throws IOException {
        Path p = csv("date.csv", GOOD.replace("2020-01-06,10.5", "06/01/2020,10.5"));
        assertBadInput(TestSpark.cli("--data", p.toString()), p.toString(), "column 'date'",
                "date='06/01/2020'");
    }

    @Test
    void duplicateTickerDate() throws IOException {
        Path p = csv("dup.csv", GOOD + "BBB,2020-01-03,19.5\n");
        assertBadInput(TestSpark.cli("--data", p.toString()), p.toString(), "duplicate (ticker, date)",
                "ticker='BBB'", "date='2020-01-03'", "2 times");
    }

    @Test
    void emptyFileAndHeaderOnly() throws IOException {
        Path empty = csv("empty.csv", "");
        assertBadInput(TestSpark.cli("--data", empty.toString()), empty.toString(), "empty");
        Path header = csv("header.csv", "ticker,date,close\n");
        assertBadInput(TestSpark.cli("--data", header.toString()), header.toString(), "no rows");
    }

    @Test
    void unknownHoldingsTicker() throws IOException {
        Path p = csv("good.csv", GOOD);
        Path h = csv("holdings.json", "{\"AAA\": 1000, \"ZZZ\": 5, \"QQQ\": 7}");
        assertBadInput(TestSpark.cli("--data", p.toString(), "--holdings", h.toString()), h.toString(),
                "unknown ticker(s)", "ZZZ", "QQQ");
        Path bad = csv("bad.json", "{\"AAA\": -1}");
        assertBadInput(TestSpark.cli("--data", p.toString(), "--holdings", bad.toString()), "AAA", "positive");
        Path missing = dir.resolve("missing.json");
        assertBadInput(TestSpark.cli("--data", p.toString(), "--holdings", missing.toString()),
                "Holdings file not found");
    }

    @Test
    void levelsSimulationsHorizonAndFraction() throws IOException {
        Path p = csv("good.csv", GOOD);
        assertBadInput(TestSpark.cli("--data", p.toString(), "--levels", "0.05,0.5"), "--levels", "(0, 0.5)");
        assertBadInput(TestSpark.cli("--data", p.toString(), "--levels", "-0.01"), "--levels");
        assertBadInput(TestSpark.cli("--data", p.toString(), "--simulations", "0"), "--simulations");
        assertBadInput(TestSpark.cli("--data", p.toString(), "--horizon-days", "0"), "--horizon-days");
        assertBadInput(TestSpark.cli("--data", p.toString(), "--sample-fraction", "2"), "--sample-fraction");
        assertBadInput(TestSpark.cli("--data", p.toString(), "--conf", "spark.sparkvar.linger=soon"),
                "spark.sparkvar.linger", "'soon'");
    }

    @Test
    void lingerIsASparkDuration() {
        assertEquals(0, JobArgsParser.lingerSeconds(java.util.Map.of()));
        assertEquals(30, JobArgsParser.lingerSeconds(java.util.Map.of(JobArgsParser.LINGER, "30s")));
        assertEquals(120, JobArgsParser.lingerSeconds(java.util.Map.of(JobArgsParser.LINGER, "2min")));
    }

    @Test
    void singleRowTickerIsLeftOutWithAWarningAndConstantPriceCarriesNoRisk() throws IOException {
        Path p = csv("edge.csv", GOOD + "ONE,2020-01-02,5\nTWO,2020-01-02,5\nTWO,2020-01-03,6\n"
                + "FLAT,2020-01-02,7\nFLAT,2020-01-03,7\nFLAT,2020-01-06,7\nFLAT,2020-01-07,7\n");
        Path out = dir.resolve("out/result.json");
        Path h = csv("flat.json", "{\"FLAT\": 7000}");
        TestSpark.Run run = TestSpark.cli("--data", p.toString(), "--holdings", h.toString(), "--simulations", "200",
                "--levels", "0.05,0.01", "--output", out.toString());
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        JsonNode result = TestSpark.JSON.readTree(out.toFile());
        assertEquals(3, result.get("tickers").asInt(), "AAA, BBB, FLAT modelled; ONE and TWO left out");
        String warnings = result.get("warnings").toString();
        assertTrue(warnings.contains("ONE, TWO"), warnings);
        assertTrue(warnings.contains("FLAT has a constant price"), warnings);
        assertEquals(0.0, result.at("/returns/FLAT/stddev").asDouble());
        assertEquals(0.0, result.at("/var/0.05").asDouble());
        assertEquals(0.0, result.at("/expectedShortfall/0.01").asDouble());
        assertEquals(0.0, result.at("/pnl/stddev").asDouble());
        assertEquals(7000.0, result.get("initialValue").asDouble());
        assertEquals(13, result.get("rows").asInt());

        // a holding on a ticker that cannot be modelled is bad input too
        Path one = csv("one.json", "{\"ONE\": 10}");
        assertBadInput(TestSpark.cli("--data", p.toString(), "--holdings", one.toString()), "ONE",
                "cannot be modelled");
    }
}
