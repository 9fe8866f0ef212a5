package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correlated and historical models at a one-day horizon against exact figures computed here from the
 * CSV itself (PlainSeries): the normal with {@code μ_p = Σ h μ / 100}, {@code σ_p² = hᵀΣh / 10⁴} over the
 * common dates, and the discrete P&amp;L distribution over those dates. Fixed seed, 4-SE tolerances.
 */
class ModelOracleTests {
    private static final int N = 100_000;
    private static final List<String> TICKERS = List.of("AA", "BA", "GE", "IBM", "INTC", "KO", "MSFT", "T", "WMT", "XOM");
    private static final double[] HOLDINGS = {150000, 80000, 250000, 120000, 60000, 90000, 200000, 40000, 110000, 70000};
    private static final NormalDistribution STD = NormalDistribution.of(0, 1);

    @TempDir
    static Path dir;
    static JsonNode result;
    static PlainSeries series;

    @BeforeAll
    static void run() throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < TICKERS.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(TICKERS.get(i)).append("\":").append(HOLDINGS[i]);
        }
        Path holdings = dir.resolve("holdings.json");
        Files.writeString(holdings, json.append('}'));
        Path out = dir.resolve("one-day.json");
        TestSpark.Run run = TestSpark.cli("--data", TestSpark.SAMPLE.toString(), "--holdings", holdings.toString(),
                "--simulations", Integer.toString(N), "--horizon-days", "1", "--levels", "0.05,0.01",
                "--seed", "20261124", "--models", "correlated,historical,independent", "--output", out.toString());
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        result = TestSpark.JSON.readTree(out.toFile());
        series = PlainSeries.read(TestSpark.SAMPLE, TICKERS);
    }

    @Test
    void correlatedVarAndEsMatchTheExactNormal() {
        assertEquals(series.size(), result.at("/models/correlated/commonDates").asInt());
        assertEquals("cholesky", result.at("/models/correlated/factor").asText());
        double mu = 0;
        double[] m = series.means(0, series.size());
        for (int i = 0; i < m.length; i++) {
            mu += HOLDINGS[i] * m[i] / 100;
        }
        double sigma = Math.sqrt(PlainSeries.quadratic(HOLDINGS, series.covariance(0, series.size())));
        for (double p : new double[] {0.05, 0.01}) {
            double z = STD.inverseCumulativeProbability(p);
            double lambda = STD.density(z) / p;
            double exactVar = mu + z * sigma;
            double exactEs = mu - sigma * lambda;
            double seVar = Math.sqrt(p * (1 - p)) / (STD.density(z) / sigma) / Math.sqrt(N);
            double tailVariance = sigma * sigma * (1 - z * lambda - lambda * lambda);
            double seEs = Math.sqrt((tailVariance + (1 - p) * Math.pow(exactEs - exactVar, 2)) / (N * p));
            assertEquals(exactVar, result.at("/models/correlated/var/" + p).asDouble(), 4 * seVar, "VaR at " + p);
            assertEquals(exactEs, result.at("/models/correlated/expectedShortfall/" + p).asDouble(), 4 * seEs,
                    "ES at " + p);
        }
        assertEquals(mu, result.at("/models/correlated/pnl/mean").asDouble(), 4 * sigma / Math.sqrt(N));
        // the correlation matters on this portfolio: the independent model's sigma is clearly smaller
        assertTrue(result.at("/models/independent/pnl/stddev").asDouble() < 0.8 * sigma);
    }

    @Test
    void historicalVarIsWithinItsSamplingErrorOfTheExactDiscreteQuantile() {
        assertEquals(series.size(), result.at("/models/historical/commonDates").asInt());
        double[] sorted = series.pnl(HOLDINGS);
        Arrays.sort(sorted);
        int dates = sorted.length;
        for (double p : new double[] {0.05, 0.01}) {
            // the estimate sorted[floor(pN)] has a cumulative probability within p ± 4 sqrt(p(1-p)/N)
            double se = Math.sqrt(p * (1 - p) / N);
            double lo = sorted[Math.max(0, (int) Math.ceil((p - 4 * se) * dates) - 1)];
            double hi = sorted[Math.min(dates - 1, (int) Math.ceil((p + 4 * se) * dates) - 1)];
            double got = result.at("/models/historical/var/" + p).asDouble();
            double slack = 1e-6 * Math.abs(got);
            assertTrue(got >= lo - slack && got <= hi + slack, p + ": " + got + " not in [" + lo + ", " + hi + "]");
            // and it is one of the dates' P&L (up to rounding): the model only replays history
            double nearest = Double.MAX_VALUE;
            for (double v : sorted) {
                nearest = Math.min(nearest, Math.abs(v - got));
            }
            assertTrue(nearest < 1e-6, "distance to the nearest date's P&L " + nearest);
        }
    }

    @Test
    void topLevelFiguresAreTheFirstModelsAndHistogramsShareItsBins() {
        assertEquals(result.at("/models/correlated/var"), result.get("var"));
        assertEquals(result.at("/models/correlated/expectedShortfall"), result.get("expectedShortfall"));
        assertEquals(result.at("/models/correlated/varConfidence"), result.get("varConfidence"));
        assertEquals(result.at("/models/correlated/pnl"), result.get("pnl"));
        assertEquals(result.at("/histogram/counts"), result.at("/models/correlated/histogram/counts"));
        for (String m : List.of("correlated", "historical", "independent")) {
            JsonNode h = result.at("/models/" + m + "/histogram");
            assertEquals(result.at("/histogram/edges"), h.get("edges"), m);
            long total = h.get("below").asLong() + h.get("above").asLong();
            for (JsonNode c : h.get("counts")) {
                total += c.asLong();
            }
            assertEquals(N, total, m);
        }
        assertEquals(List.of("correlated", "historical", "independent"),
                iterable(result.get("models").fieldNames()));
        assertTrue(result.get("backtest").isNull(), "no backtest unless asked for");
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
