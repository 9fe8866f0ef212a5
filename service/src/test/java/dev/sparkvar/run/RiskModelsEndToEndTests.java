package dev.sparkvar.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's "done when": three risk models side by side and a 250-day backtest on a 20-ticker portfolio of the
 * bundled sample, through the service with the real job JVM ({@code local[*]}), streamed to {@code completed};
 * the backtest's statistics are recomputed from the series the result carries.
 */
@QuarkusTest
class RiskModelsEndToEndTests {

    static final List<String> MODELS = List.of("independent", "correlated", "historical");
    static final List<String> LEVELS = List.of("0.05", "0.01");
    static final int BACKTEST_DAYS = 250;
    /** Twenty tickers of the sample; every one of them has all 2,528 daily changes (1991-2001). */
    static final List<String> TICKERS = List.of("AA", "AXP", "BA", "C", "CAT", "DD", "DIS", "EK", "GE", "GM",
            "HD", "HON", "IBM", "INTC", "JNJ", "KO", "MCD", "MMM", "MSFT", "XOM");
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    @TestHTTPResource("/")
    URI base;

    /** The run body of the issue: three models, a 250-day backtest, twenty holdings. */
    static String body() throws Exception {
        Map<String, Object> holdings = new LinkedHashMap<>();
        for (int i = 0; i < TICKERS.size(); i++) {
            holdings.put(TICKERS.get(i), 5_000.0 * (1 + i % 4)); // unequal, so a wrong weight would show
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", "local");
        body.put("simulations", 20_000);
        body.put("levels", LEVELS.stream().map(Double::valueOf).toList());
        body.put("seed", 1414L);
        body.put("holdings", holdings);
        body.put("models", MODELS);
        body.put("backtestDays", BACKTEST_DAYS);
        return new ObjectMapper().writeValueAsString(body);
    }

    @Test
    void threeModelsAndABacktestStreamToCompletion() throws Exception {
        String runId;
        JsonNode summary;
        List<SseClient.Event> all;
        try (SseClient sse = SseClient.post(base.resolve("/runs"), body())) {
            assertEquals(200, sse.status());
            runId = sse.await("accepted", Duration.ofSeconds(10)).data().get("id").asText();
            summary = sse.await(e -> e.name().equals("result") || e.name().equals("failed"), RUN_TIMEOUT).data();
            assertFalse(summary.has("reason"), "the run failed: " + summary);
            sse.await("completed", Duration.ofMinutes(1));
            all = sse.awaitEnd(Duration.ofSeconds(10));
        }

        // Progress phases come in the job's order; the backtest's is its own, between portfolio and simulating.
        List<String> order = List.of("loading", "returns", "prices", "portfolio", "backtesting", "simulating",
                "aggregating", "done");
        int last = -1;
        for (SseClient.Event e : all) {
            if (e.name().equals("progress")) {
                int at = order.indexOf(e.data().get("phase").asText());
                assertTrue(at >= last, "phase order: " + e.data());
                last = at;
            }
        }
        // The job reports every phase on its output; the callback may coalesce a quick phase away (newest wins).
        String log = given().get(base.resolve("/runs/" + runId + "/log")).then().statusCode(200).extract().asString();
        assertTrue(log.contains("\"phase\":\"backtesting\""), "the job reported the backtesting phase");

        // The result event: each model's figures and the backtest's statistics, without histograms or series.
        for (String model : MODELS) {
            JsonNode figures = summary.get("models").get(model);
            assertNotNull(figures, model + " in the result event");
            for (String level : LEVELS) {
                double var = figures.get("var").get(level).asDouble();
                double es = figures.get("expectedShortfall").get(level).asDouble();
                assertTrue(var < 0 && es <= var, model + " at " + level + ": VaR " + var + ", ES " + es);
            }
            assertFalse(figures.has("histogram"), "the event leaves the histograms to GET /runs/{id}");
        }
        assertEquals(summary.get("var"), summary.get("models").get("independent").get("var"),
                "the top-level figures are the first model's");
        assertEquals(BACKTEST_DAYS, summary.get("backtest").get("days").asInt());
        assertFalse(summary.get("backtest").has("series"), "the event leaves the series to GET /runs/{id}");

        JsonNode run = new ObjectMapper().readTree(
                given().get(base.resolve("/runs/" + runId)).then().statusCode(200).extract().asString());
        assertEquals("COMPLETED", run.get("state").asText());
        assertEquals(MODELS, names(run.get("parameters").get("models")));
        JsonNode result = run.get("result");
        assertEquals(MODELS, fieldNames(result.get("models")), "every model, in the order asked");
        for (String model : MODELS) {
            assertEquals(result.get("histogram").get("edges"), result.get("models").get(model).get("histogram").get("edges"),
                    model + "'s histogram is counted over the first model's bins, so they overlay");
        }
        checkBacktest(result.get("backtest"), summary.get("backtest"));

        // The runs list keeps the per-model figures and the backtest statistics too.
        given().get(base.resolve("/runs")).then().statusCode(200)
                .body("find { it.id == '" + runId + "' }.result.models.historical.var.'0.01'",
                        org.hamcrest.Matchers.notNullValue())
                .body("find { it.id == '" + runId + "' }.result.backtest.models.correlated.'0.01'.trafficLight",
                        org.hamcrest.Matchers.notNullValue())
                .body("find { it.id == '" + runId + "' }.result.backtest.series", org.hamcrest.Matchers.nullValue());
    }

    /**
     * A backtest longer than the data fails the run with the job's message, which names the two windows: a real job
     * that exits non-zero ends its run cleanly, its message and exit code in the {@code failed} event, the record and
     * the log, its JVM gone (on {@code local[2]}: the cluster's deletion after a failure is the fault matrix's, with
     * real processes, and the fast tier's, for every reason).
     */
    @Test
    void aBacktestLongerThanTheCommonDatesFailsTheRunNamingIt() throws Exception {
        String body = "{\"mode\": \"local\", \"simulations\": 1000, \"holdings\": {\"IBM\": 1000, \"KO\": 1000},"
                + " \"models\": [\"historical\"], \"backtestDays\": 2400, \"estimationDays\": 250}";
        String need = "--backtest-days 2400 plus --estimation-days 250 need 2650 common dates";
        String runId;
        try (SseClient sse = SseClient.post(base.resolve("/runs"), body)) {
            assertEquals(200, sse.status());
            runId = sse.await("accepted", Duration.ofSeconds(30)).data().get("id").asText();
            long job = sse.await("job-started", RUN_TIMEOUT).data().get("pid").asLong();
            JsonNode failed = sse.await(e -> e.name().equals("failed") || e.name().equals("completed"), RUN_TIMEOUT)
                    .data();
            assertEquals("FAILED", failed.get("state").asText(), failed.toString());
            String reason = failed.get("reason").asText();
            assertTrue(reason.contains(need) && reason.contains("2528"), reason);
            assertTrue(reason.contains("code 2"), reason);
            ProcessHandle.of(job).ifPresent(p -> p.onExit().orTimeout(20, TimeUnit.SECONDS).join());
            assertFalse(ProcessHandle.of(job).map(ProcessHandle::isAlive).orElse(false), "job " + job + " left");
        }
        given().get(base.resolve("/runs/" + runId)).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("FAILED"))
                .body("exitCode", org.hamcrest.Matchers.equalTo(2))
                .body("cluster", org.hamcrest.Matchers.nullValue());
        given().get(base.resolve("/runs/" + runId + "/log")).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString(need));
    }

    /** Every statistic of every model and level agrees with the daily series it was computed from. */
    private static void checkBacktest(JsonNode backtest, JsonNode summarised) {
        assertEquals(BACKTEST_DAYS, backtest.get("days").asInt());
        assertEquals(250, backtest.get("estimationDays").asInt(), "the default window");
        JsonNode series = backtest.get("series");
        assertEquals(BACKTEST_DAYS, series.get("date").size());
        assertEquals(backtest.get("firstDate"), series.get("date").get(0));
        assertEquals(backtest.get("lastDate"), series.get("date").get(BACKTEST_DAYS - 1));
        JsonNode pnl = series.get("pnl");
        assertEquals(BACKTEST_DAYS, pnl.size());
        for (String model : MODELS) {
            for (String level : LEVELS) {
                String what = model + " at " + level;
                JsonNode forecast = series.get("forecast").get(model).get(level);
                JsonNode flags = series.get("breach").get(model).get(level);
                assertEquals(BACKTEST_DAYS, forecast.size(), what);
                assertEquals(BACKTEST_DAYS, flags.size(), what);
                boolean[] hits = new boolean[BACKTEST_DAYS];
                int breaches = 0;
                for (int t = 0; t < BACKTEST_DAYS; t++) {
                    hits[t] = flags.get(t).asBoolean();
                    assertEquals(pnl.get(t).asDouble() < forecast.get(t).asDouble(), hits[t],
                            what + " on " + series.get("date").get(t) + ": a breach is a P&L below the forecast");
                    breaches += hits[t] ? 1 : 0;
                }
                JsonNode stats = backtest.get("models").get(model).get(level);
                double p = Double.parseDouble(level);
                assertEquals(breaches, stats.get("breaches").asInt(), what + ": breaches = breach flags");
                assertEquals(p * BACKTEST_DAYS, stats.get("expectedBreaches").asDouble(), 1e-9, what);
                assertEquals((double) breaches / BACKTEST_DAYS, stats.get("breachRate").asDouble(), 1e-12, what);
                double kupiec = kupiec(breaches, BACKTEST_DAYS, p);
                assertEquals(kupiec, stats.get("kupiecLr").asDouble(), 1e-9 * Math.max(1, kupiec), what + " Kupiec");
                assertEquals(chiSquare1Tail(kupiec), stats.get("kupiecPValue").asDouble(), 1e-6, what);
                double christoffersen = christoffersen(hits);
                assertEquals(christoffersen, stats.get("christoffersenLr").asDouble(),
                        1e-9 * Math.max(1, christoffersen), what + " Christoffersen");
                assertEquals(chiSquare1Tail(christoffersen), stats.get("christoffersenPValue").asDouble(), 1e-6, what);
                String zone = level.equals("0.01")
                        ? breaches <= 4 ? "green" : breaches <= 9 ? "yellow" : "red"
                        : "not applicable";
                assertEquals(zone, stats.get("trafficLight").asText(), what + " Basel zone, " + breaches + " breaches");
                assertEquals(stats, summarised.get("models").get(model).get(level), what + " in the result event");
            }
        }
    }

    static double kupiec(int x, int days, double p) {
        double rate = (double) x / days;
        return Math.max(0, -2 * (xlog(days - x, 1 - p) + xlog(x, p) - xlog(days - x, 1 - rate) - xlog(x, rate)));
    }

    static double christoffersen(boolean[] hits) {
        long[][] n = new long[2][2];
        for (int t = 1; t < hits.length; t++) {
            n[hits[t - 1] ? 1 : 0][hits[t] ? 1 : 0]++;
        }
        long total = n[0][0] + n[0][1] + n[1][0] + n[1][1];
        double pi = (double) (n[0][1] + n[1][1]) / total;
        double pi0 = n[0][0] + n[0][1] == 0 ? 0 : (double) n[0][1] / (n[0][0] + n[0][1]);
        double pi1 = n[1][0] + n[1][1] == 0 ? 0 : (double) n[1][1] / (n[1][0] + n[1][1]);
        double restricted = xlog(n[0][0] + n[1][0], 1 - pi) + xlog(n[0][1] + n[1][1], pi);
        double unrestricted = xlog(n[0][0], 1 - pi0) + xlog(n[0][1], pi0) + xlog(n[1][0], 1 - pi1) + xlog(n[1][1], pi1);
        return Math.max(0, -2 * (restricted - unrestricted));
    }

    private static double xlog(long count, double p) {
        return count == 0 ? 0 : count * Math.log(p);
    }

    /** P(χ²₁ > x) = erfc(√(x/2)), with erfc from Numerical Recipes' Chebyshev fit (error below 1.2e-7). */
    static double chiSquare1Tail(double x) {
        double z = Math.sqrt(x / 2);
        double t = 1 / (1 + 0.5 * z);
        return t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
