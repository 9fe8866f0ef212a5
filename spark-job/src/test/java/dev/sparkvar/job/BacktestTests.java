package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest's forecasts and statistics equal a plain recomputation, written out here from the CSV
 * (PlainSeries), on a small data set whose volatility triples half-way so that breaches happen and cluster.
 */
class BacktestTests {
    private static final List<String> TICKERS = List.of("AAA", "BBB", "CCC");
    private static final double[] HOLDINGS = {100_000, 50_000, 80_000};
    private static final double[] LEVELS = {0.1, 0.01};
    private static final String[] MODELS = {"independent", "correlated", "historical"};
    private static final int DAYS = 60;
    private static final int WINDOW = 30;

    @TempDir
    static Path dir;
    static Path csv;
    static TestSpark.Run run;
    static JsonNode result;

    @BeforeAll
    static void runJob() throws IOException {
        StringBuilder sb = new StringBuilder("ticker,date,close\n");
        Random random = new Random(7);
        double[] price = {50, 20, 80};
        LocalDate date = LocalDate.of(2021, 1, 4);
        for (int day = 0; day < 100; day++) {
            double vol = day < 55 ? 1.0 : 3.0;
            double market = random.nextGaussian();
            for (int i = 0; i < 3; i++) {
                if (day > 0) {
                    price[i] *= 1 + (0.6 * market + 0.8 * random.nextGaussian()) * vol / 100;
                }
                // CCC misses three dates: those are left out of the common series
                if (!(i == 2 && (day == 20 || day == 41 || day == 77))) {
                    sb.append(TICKERS.get(i)).append(',').append(date).append(',').append(price[i]).append('\n');
                }
            }
            date = date.plusDays(date.getDayOfWeek() == DayOfWeek.FRIDAY ? 3 : 1);
        }
        csv = dir.resolve("three.csv");
        Files.writeString(csv, sb);
        Path holdings = dir.resolve("h.json");
        Files.writeString(holdings, "{\"AAA\": 100000, \"BBB\": 50000, \"CCC\": 80000}");
        Path out = dir.resolve("bt.json");
        run = TestSpark.cli("--data", csv.toString(), "--holdings", holdings.toString(), "--simulations", "500",
                "--levels", "0.1,0.01", "--models", String.join(",", MODELS), "--backtest-days", "" + DAYS,
                "--estimation-days", "" + WINDOW, "--output", out.toString());
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        result = TestSpark.JSON.readTree(out.toFile());
    }

    @Test
    void seriesAndStatisticsEqualAPlainRecomputation() throws IOException {
        PlainSeries s = PlainSeries.read(csv, TICKERS);
        assertEquals(3, s.leftOut);
        assertEquals(96, s.size());
        double[] pnl = s.pnl(HOLDINGS);
        int first = s.size() - DAYS;
        JsonNode bt = result.get("backtest");
        assertEquals(DAYS, bt.get("days").asInt());
        assertEquals(WINDOW, bt.get("estimationDays").asInt());
        assertEquals(s.dates.get(first), bt.get("firstDate").asText());
        assertEquals(s.dates.get(s.size() - 1), bt.get("lastDate").asText());
        for (int d = 0; d < DAYS; d++) {
            assertEquals(s.dates.get(first + d), bt.at("/series/date/" + d).asText());
            assertEquals(pnl[first + d], bt.at("/series/pnl/" + d).asDouble(), 1e-9);
        }
        int totalBreaches = 0;
        double totalIndependence = 0;
        for (String model : MODELS) {
            for (double level : LEVELS) {
                double z = NormalDistribution.of(0, 1).inverseCumulativeProbability(level);
                boolean[] hits = new boolean[DAYS];
                for (int d = 0; d < DAYS; d++) {
                    int t = first + d;
                    double forecast = switch (model) {
                        case "independent" -> {
                            double[] m = s.means(t - WINDOW, t);
                            double[][] cov = s.covariance(t - WINDOW, t);
                            double mu = 0;
                            double var = 0;
                            for (int i = 0; i < 3; i++) {
                                mu += HOLDINGS[i] * m[i] / 100;
                                var += HOLDINGS[i] * HOLDINGS[i] * cov[i][i] / 1e4;
                            }
                            yield mu + z * Math.sqrt(var);
                        }
                        case "correlated" -> {
                            double[] m = s.means(t - WINDOW, t);
                            double mu = 0;
                            for (int i = 0; i < 3; i++) {
                                mu += HOLDINGS[i] * m[i] / 100;
                            }
                            yield mu + z * Math.sqrt(PlainSeries.quadratic(HOLDINGS, s.covariance(t - WINDOW, t)));
                        }
                        default -> {
                            double[] window = Arrays.copyOfRange(pnl, t - WINDOW, t);
                            Arrays.sort(window);
                            yield window[(int) Math.floor(level * WINDOW)];
                        }
                    };
                    String at = "/series/forecast/" + model + "/" + level + "/" + d;
                    assertEquals(forecast, bt.at(at).asDouble(), 1e-6, at);
                    hits[d] = pnl[t] < forecast;
                    assertEquals(hits[d], bt.at("/series/breach/" + model + "/" + level + "/" + d).asBoolean());
                }
                JsonNode st = bt.at("/models/" + model + "/" + level);
                int x = 0;
                for (boolean h : hits) {
                    x += h ? 1 : 0;
                }
                totalBreaches += x;
                assertEquals(x, st.get("breaches").asInt(), model + " " + level);
                assertEquals(level * DAYS, st.get("expectedBreaches").asDouble(), 1e-12);
                // Kupiec, written out (0 ln 0 = 0)
                double rate = (double) x / DAYS;
                double lnNull = (DAYS - x) * Math.log(1 - level) + (x == 0 ? 0 : x * Math.log(level));
                double lnAlt = (x == DAYS ? 0 : (DAYS - x) * Math.log(1 - rate)) + (x == 0 ? 0 : x * Math.log(rate));
                double pof = -2 * (lnNull - lnAlt);
                assertEquals(pof, st.get("kupiecLr").asDouble(), 1e-9);
                assertEquals(ChiSquaredDistribution.of(1).survivalProbability(pof), st.get("kupiecPValue").asDouble(),
                        1e-9);
                // Christoffersen's independence test, written out
                int[][] n = new int[2][2];
                for (int d = 1; d < DAYS; d++) {
                    n[hits[d - 1] ? 1 : 0][hits[d] ? 1 : 0]++;
                }
                double pi0 = n[0][0] + n[0][1] == 0 ? 0 : (double) n[0][1] / (n[0][0] + n[0][1]);
                double pi1 = n[1][0] + n[1][1] == 0 ? 0 : (double) n[1][1] / (n[1][0] + n[1][1]);
                double pi = (double) (n[0][1] + n[1][1]) / (DAYS - 1);
                double ind = -2 * (xlog(n[0][0] + n[1][0], 1 - pi) + xlog(n[0][1] + n[1][1], pi)
                        - xlog(n[0][0], 1 - pi0) - xlog(n[0][1], pi0) - xlog(n[1][0], 1 - pi1) - xlog(n[1][1], pi1));
                assertEquals(Math.max(0, ind), st.get("christoffersenLr").asDouble(), 1e-9);
                totalIndependence += ind;
                assertEquals(ChiSquaredDistribution.of(1).survivalProbability(Math.max(0, ind)),
                        st.get("christoffersenPValue").asDouble(), 1e-9);
                // traffic light at 1 %, scaled to 60 days: binomial cumulative probability, summed here
                String zone = "not applicable";
                if (level == 0.01) {
                    double cumulative = 0;
                    for (int k = 0; k <= x; k++) {
                        cumulative += binomial(DAYS, k) * Math.pow(0.01, k) * Math.pow(0.99, DAYS - k);
                    }
                    zone = cumulative < 0.95 ? "green" : cumulative < 0.9999 ? "yellow" : "red";
                }
                assertEquals(zone, st.get("trafficLight").asText(), model + " " + level);
            }
        }
        assertTrue(totalBreaches >= 10, "the data set must exercise the statistics: " + totalBreaches + " breaches");
        assertTrue(totalIndependence > 1, "and the independence test: " + totalIndependence);
        assertTrue(bt.get("trafficLightBasis").asText().contains("scaled"));
    }

    @Test
    void leftOutDatesAreCountedInTheWarnings() {
        String warnings = result.get("warnings").toString();
        assertTrue(warnings.contains("3 date(s) on which not every portfolio ticker has a daily change"), warnings);
    }

    @Test
    void backtestingIsItsOwnPhaseAndPercentNeverDecreases() {
        List<String> phases = new ArrayList<>();
        double percent = -1;
        for (JsonNode e : run.events()) {
            if (!"progress".equals(e.path("event").asText())) {
                continue;
            }
            String phase = e.get("phase").asText();
            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
                phases.add(phase);
            }
            assertTrue(e.get("percent").asDouble() >= percent, e.toString());
            percent = e.get("percent").asDouble();
        }
        assertEquals(List.of("loading", "returns", "prices", "portfolio", "backtesting", "simulating", "aggregating",
                "done"), phases);
        assertTrue(result.at("/timings/backtesting").isNumber());
    }

    private static double xlog(int count, double p) {
        return count == 0 ? 0 : count * Math.log(p);
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }
}
