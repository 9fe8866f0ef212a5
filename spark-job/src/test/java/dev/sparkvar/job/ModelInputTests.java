package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The risk-model options: parsing, bad input (exit 2 with a message naming it) and a covariance that is not
 * positive definite.
 */
class ModelInputTests {
    private static final Path DEFAULT = Path.of("data.csv");

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static void assertBadInput(TestSpark.Run run, String... fragments) {
        assertEquals(2, run.exitCode(), run.stdout() + run.stderr());
        String message = run.errorMessage();
        assertNotNull(message, "last stdout line must be the error event: " + run.stdout());
        for (String f : fragments) {
            assertTrue(message.contains(f), "'" + message + "' lacks '" + f + "'");
        }
    }

    @Test
    void optionsParseWithDefaultsAndKeepTheirOrder() {
        JobArgs defaults = JobArgsParser.parse(new String[0], DEFAULT);
        assertEquals(List.of("independent"), defaults.models());
        assertEquals(0, defaults.backtestDays());
        assertEquals(250, defaults.estimationDays());
        JobArgs a = JobArgsParser.parse(new String[] {"--models", "Historical, correlated,historical",
            "--backtest-days", "250", "--estimation-days=500"}, DEFAULT);
        assertEquals(List.of("historical", "correlated"), a.models());
        assertEquals(250, a.backtestDays());
        assertEquals(500, a.estimationDays());
        for (String option : List.of("--models", "--backtest-days", "--estimation-days")) {
            assertTrue(JobUsage.TEXT.contains(option), option);
        }
    }

    @Test
    void badOptionValuesNameTheOption() {
        Map<String[], String> cases = Map.of(
                new String[] {"--models", "independent,garch"}, "--models: unknown model 'garch'",
                new String[] {"--models", ""}, "--models: unknown model ''",
                new String[] {"--models", "independent,"}, "--models",
                new String[] {"--backtest-days", "-1"}, "--backtest-days",
                new String[] {"--backtest-days", "ten"}, "--backtest-days must be an integer",
                new String[] {"--estimation-days", "1"}, "--estimation-days must be at least 2");
        cases.forEach((args, expected) -> {
            BadInputException e = assertThrows(BadInputException.class, () -> JobArgsParser.parse(args, DEFAULT));
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        });
    }

    @Test
    void unknownModelIsExit2OnTheCommandLine() {
        assertBadInput(TestSpark.cli("--data", TestSpark.SAMPLE.toString(), "--models", "independent,montecarlo"),
                "--models", "montecarlo", "independent, correlated, historical");
    }

    @Test
    void windowsLongerThanTheDataAreExit2NamingBothOptions() throws IOException {
        // the sample has 2,528 common dates for GE
        Path h = file("ge.json", "{\"GE\": 100000}");
        assertBadInput(TestSpark.cli("--data", TestSpark.SAMPLE.toString(), "--holdings", h.toString(),
                "--backtest-days", "2400", "--estimation-days", "250"),
                "--backtest-days 2400", "--estimation-days 250", "2650 common dates", "portfolio GE", "2528");
    }

    @Test
    void portfolioWithNoCommonDatesIsExit2NamingIt() throws IOException {
        Path csv = file("apart.csv", """
                ticker,date,close
                JAN,2020-01-02,10
                JAN,2020-01-03,11
                JAN,2020-01-06,12
                FEB,2020-02-03,20
                FEB,2020-02-04,21
                FEB,2020-02-05,19
                """);
        Path h = file("h.json", "{\"JAN\": 1000, \"FEB\": 2000}");
        for (String model : List.of("correlated", "historical")) {
            assertBadInput(TestSpark.cli("--data", csv.toString(), "--holdings", h.toString(), "--models", model),
                    "Portfolio FEB, JAN", "in common on 0 date(s)", "the " + model + " model");
        }
        assertBadInput(TestSpark.cli("--data", csv.toString(), "--holdings", h.toString(), "--backtest-days", "1",
                "--estimation-days", "2"), "portfolio FEB, JAN", "on 0 date(s)");
        // the independent model alone needs no common dates
        assertEquals(0, TestSpark.cli("--data", csv.toString(), "--holdings", h.toString(), "--simulations", "10")
                .exitCode());
    }

    @Test
    void nonPositiveDefiniteCovarianceIsHandledAndReported() throws IOException {
        // TWIN's price is exactly twice AAA's (identical changes: collinear), FLAT never moves, CCC independent
        StringBuilder sb = new StringBuilder("ticker,date,close\n");
        Random random = new Random(11);
        double a = 40;
        double c = 25;
        LocalDate date = LocalDate.of(2022, 3, 1);
        for (int day = 0; day < 300; day++) {
            if (day > 0) {
                a *= 1 + 0.015 * random.nextGaussian();
                c *= 1 + 0.02 * random.nextGaussian();
            }
            sb.append("AAA,").append(date).append(',').append(a).append('\n');
            sb.append("TWIN,").append(date).append(',').append(2 * a).append('\n');
            sb.append("FLAT,").append(date).append(",7\n");
            sb.append("CCC,").append(date).append(',').append(c).append('\n');
            date = date.plusDays(date.getDayOfWeek() == DayOfWeek.FRIDAY ? 3 : 1);
        }
        Path csv = file("singular.csv", sb.toString());
        double[] holdings = {30_000, 10_000, 5_000, 20_000}; // sorted: AAA, CCC, FLAT, TWIN
        Path h = file("h.json", "{\"AAA\": 30000, \"CCC\": 10000, \"FLAT\": 5000, \"TWIN\": 20000}");
        Path out = dir.resolve("singular.json");
        int n = 40_000;
        TestSpark.Run run = TestSpark.cli("--data", csv.toString(), "--holdings", h.toString(), "--models",
                "correlated,historical", "--horizon-days", "1", "--simulations", "" + n, "--output", out.toString());
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        JsonNode r = TestSpark.JSON.readTree(out.toFile());
        assertEquals("eigen", r.at("/models/correlated/factor").asText());
        assertEquals(2, r.at("/models/correlated/rank").asInt(), "AAA (= TWIN) and CCC");
        String warnings = r.get("warnings").toString();
        assertTrue(warnings.contains("not positive definite"), warnings);
        assertTrue(warnings.contains("FLAT") && warnings.contains("AAA/TWIN"), warnings);
        assertTrue(r.at("/models/correlated/notes").toString().contains("eigen-decomposition"));
        // the simulated P&L still has the data's variance hᵀΣh / 10⁴ (within 4 SE of the sample variance)
        PlainSeries s = PlainSeries.read(csv, List.of("AAA", "TWIN", "FLAT", "CCC"));
        double sigma = Math.sqrt(PlainSeries.quadratic(holdings, s.covariance(0, s.size())));
        double sd = r.at("/models/correlated/pnl/stddev").asDouble();
        assertEquals(sigma, sd, 4 * sigma / Math.sqrt(2.0 * (n - 1)), "P&L stddev vs the exact " + sigma);
    }
}
