package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statistical checks against closed forms (shared/reference/var.md section 2), fixed seeds, 4-SE tolerances.
 * The model (means, stddevs) comes from the job's own result on the bundled sample.
 */
class OracleTests {
    private static final int N = 100_000;
    private static final String HOLDINGS = """
            {"AA": 150000, "BA": 80000, "GE": 250000, "IBM": 120000, "INTC": 60000,
             "KO": 90000, "MSFT": 200000, "WMT": 110000, "XOM": 70000, "T": 40000}
            """;
    private static final NormalDistribution STD = NormalDistribution.of(0, 1);

    @TempDir
    static Path dir;
    static Path holdings;

    @BeforeAll
    static void writeHoldings() throws IOException {
        holdings = dir.resolve("holdings.json");
        Files.writeString(holdings, HOLDINGS);
    }

    private static JsonNode run(int days, String name) throws IOException {
        Path out = dir.resolve(name);
        TestSpark.Run run = TestSpark.cli("--data", TestSpark.SAMPLE.toString(), "--holdings", holdings.toString(),
                "--simulations", Integer.toString(N), "--horizon-days", Integer.toString(days),
                "--levels", "0.05,0.01", "--seed", "20261124", "--output", out.toString());
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        return TestSpark.JSON.readTree(out.toFile());
    }

    /** Holdings, means and stddevs in the result's (sorted) order. */
    private static double[][] model(JsonNode r) {
        int n = r.get("portfolio").size();
        double[][] m = new double[3][n];
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = r.get("portfolio").fields(); it.hasNext(); i++) {
            Map.Entry<String, JsonNode> e = it.next();
            m[0][i] = e.getValue().asDouble();
            m[1][i] = r.at("/returns/" + e.getKey() + "/mean").asDouble();
            m[2][i] = r.at("/returns/" + e.getKey() + "/stddev").asDouble();
        }
        return m;
    }

    @Test
    void oneDayVarAndEsMatchTheExactNormal() throws IOException {
        JsonNode r = run(1, "one-day.json");
        double[][] m = model(r);
        double mu = 0;
        double var = 0;
        for (int i = 0; i < m[0].length; i++) {
            mu += m[0][i] * m[1][i] / 100;
            var += m[0][i] * m[0][i] * m[2][i] * m[2][i] / 1e4;
        }
        double sigma = Math.sqrt(var);
        for (double p : new double[] {0.05, 0.01}) {
            double z = STD.inverseCumulativeProbability(p);
            double lambda = STD.density(z) / p;
            double exactVar = mu + z * sigma;
            double exactEs = mu - sigma * lambda;
            double seVar = Math.sqrt(p * (1 - p)) / (STD.density(z) / sigma) / Math.sqrt(N);
            double tailVariance = sigma * sigma * (1 - z * lambda - lambda * lambda);
            double seEs = Math.sqrt((tailVariance + (1 - p) * Math.pow(exactEs - exactVar, 2)) / (N * p));
            double gotVar = r.at("/var/" + p).asDouble();
            double gotEs = r.at("/expectedShortfall/" + p).asDouble();
            assertEquals(exactVar, gotVar, 4 * seVar, "VaR at " + p + " (sigma " + sigma + ")");
            assertEquals(exactEs, gotEs, 4 * seEs, "ES at " + p);
            JsonNode ci = r.at("/varConfidence/" + p);
            assertTrue(ci.get(0).asDouble() <= gotVar && gotVar <= ci.get(1).asDouble(), ci.toString());
            // the 95 % interval is about 2 x 1.96 standard errors wide
            assertEquals(2 * 1.96 * seVar, ci.get(1).asDouble() - ci.get(0).asDouble(), 0.25 * 2 * 1.96 * seVar);
        }
        assertEquals(mu, r.at("/pnl/mean").asDouble(), 4 * sigma / Math.sqrt(N));
        assertEquals(sigma, r.at("/pnl/stddev").asDouble(), 4 * sigma / Math.sqrt(2.0 * N));
    }

    @Test
    void fiveDayMomentsMatchTheExactMoments() throws IOException {
        int days = 5;
        JsonNode r = run(days, "five-day.json");
        double[][] m = model(r);
        double mean = 0;
        double variance = 0;
        for (int i = 0; i < m[0].length; i++) {
            double g = 1 + m[1][i] / 100;
            double s = m[2][i] / 100;
            mean += m[0][i] * (Math.pow(g, days) - 1);
            variance += m[0][i] * m[0][i] * (Math.pow(g * g + s * s, days) - Math.pow(g, 2 * days));
        }
        // the same outcomes straight from the kernel: Spark must not change a bit
        double[] outcomes = new SimulationKernel(m[0], m[1], m[2], days, 20261124).simulate(0, N);
        assertEquals(Moments.mean(outcomes), r.at("/pnl/mean").asDouble(), 0.0);
        assertEquals(Moments.stddev(outcomes), r.at("/pnl/stddev").asDouble(), 0.0);
        double sampleMean = Moments.mean(outcomes);
        double sampleVar = Math.pow(Moments.stddev(outcomes), 2);
        double m4 = 0;
        for (double v : outcomes) {
            m4 += Math.pow(v - sampleMean, 4);
        }
        m4 /= N;
        double seMean = Math.sqrt(variance / N);
        double seVar = Math.sqrt((m4 - sampleVar * sampleVar) / N);
        assertEquals(mean, sampleMean, 4 * seMean, "5-day P&L mean");
        assertEquals(variance, sampleVar, 4 * seVar, "5-day P&L variance");
        // walks: eleven, worst to best, each recomputed path ends at its outcome
        JsonNode walks = r.get("walks");
        assertEquals(11, walks.size());
        assertEquals("worst", walks.get(0).get("label").asText());
        assertEquals("p50", walks.get(5).get("label").asText());
        assertEquals("best", walks.get(10).get("label").asText());
        double initial = r.get("initialValue").asDouble();
        double previous = Double.NEGATIVE_INFINITY;
        for (JsonNode w : walks) {
            JsonNode values = w.get("values");
            assertEquals(days + 1, values.size());
            assertEquals(initial, values.get(0).asDouble());
            assertEquals(w.get("pnl").asDouble(), values.get(days).asDouble() - initial, 0.0);
            assertEquals(outcomes[w.get("simulation").asInt()], w.get("pnl").asDouble(), 0.0);
            assertTrue(w.get("pnl").asDouble() >= previous);
            previous = w.get("pnl").asDouble();
        }
        double[] sorted = new RiskFigures(outcomes).sorted();
        assertEquals(sorted[0], walks.get(0).get("pnl").asDouble());
        assertEquals(sorted[N - 1], walks.get(10).get("pnl").asDouble());
        assertEquals(sorted[(int) ((N - 1) * 5 / 10.0)], walks.get(5).get("pnl").asDouble());
        assertEquals(sorted[(int) Math.floor(0.05 * N)], r.at("/var/0.05").asDouble());
        JsonNode hist = r.get("histogram");
        assertEquals(26, hist.get("edges").size());
        long total = 0;
        for (JsonNode c : hist.get("counts")) {
            total += c.asLong();
        }
        assertEquals(N, total);
        assertEquals(1000, r.at("/curve/p").size());
    }
}
