package dev.sparkvar.elastic;

import dev.sparkvar.testing.SseClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.sparkvar.testing.TestAccess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Benchmark, not a test (its name keeps it out of {@code ./mvnw test}): the same large run, back to back, on a
 * cluster that stays at its one starting worker (config {@code fixed}: scorpion stare off) and on one the elastic
 * loop may grow ({@code clusterconfig}: scorpion stare on, at most 4 workers), with the loop's production settings
 * (5 s ticks, 30 s window). Prints each run's wall time and the ratio fixed / elastic.
 * Run: {@code service/bench/elastic-run.sh [repetitions] [simulations] [data set]}.
 */
@QuarkusTest
@TestProfile(ElasticRunBench.LoopOn.class)
class ElasticRunBench {

    /** The loop on with its defaults; a named config {@code fixed} like clusterconfig but without scorpion stare. */
    public static class LoopOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("sparkvar-bench-configs");
                dir.toFile().deleteOnExit();
                Path fixed = dir.resolve("fixed.properties");
                Files.writeString(fixed, """
                        metrics.enable=true
                        scorpionstare.enable=false
                        sparkmasterconfig=masterconfig
                        sparkworkerconfig=workerconfig
                        """);
                fixed.toFile().deleteOnExit();
                return Map.of("sparkvar.elastic.enabled", "true", "sparkvar.local.config-dir", dir.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URI base;

    @Test
    void fixedAgainstElastic() throws Exception {
        int repetitions = Integer.getInteger("bench.repetitions", 1);
        int simulations = Integer.getInteger("bench.simulations", 1_000_000);
        String data = System.getProperty("bench.data", "elastic-bench.parquet");
        // a long simulation phase (30 tickers x 260 days per simulation, 24 tasks) is the backlog the loop reacts to
        int horizon = Integer.getInteger("bench.horizon", 260);
        double fraction = Double.parseDouble(System.getProperty("bench.fraction", "0.03"));
        int partitions = Integer.getInteger("bench.partitions", 24);
        System.out.printf(Locale.ROOT, "%n%d simulations x %d days, sample fraction %s, %d partitions, data %s%n",
                simulations, horizon, fraction, partitions, data);
        List<Double> fixed = new ArrayList<>();
        List<Double> elastic = new ArrayList<>();
        System.out.printf(Locale.ROOT, "run      config         wall(s)  job-total(s)  max-workers  scalings  VaR-5%%%n");
        for (int rep = 1; rep <= repetitions; rep++) {
            // alternate the order so that neither side always runs on a warmer (or more loaded) machine
            boolean fixedFirst = rep % 2 == 1;
            for (String config : fixedFirst ? List.of("fixed", "clusterconfig") : List.of("clusterconfig", "fixed")) {
                JsonNode run = run(Map.of("simulations", simulations, "data", data, "clusterConfig", config,
                        "workers", 1, "seed", 7, "horizonDays", horizon, "sampleFraction", fraction,
                        "partitions", partitions));
                double wall = run.get("durationSeconds").asDouble();
                (config.equals("fixed") ? fixed : elastic).add(wall);
                JsonNode events = events(run.get("id").asText());
                int maxWorkers = 0;
                int scalings = 0;
                for (JsonNode e : events) {
                    if (e.get("name").asText().equals("workers")) {
                        maxWorkers = Math.max(maxWorkers, e.get("data").get("alive").asInt());
                    } else if (e.get("name").asText().equals("cluster-scaled")) {
                        scalings++;
                    }
                }
                System.out.printf(Locale.ROOT, "%-8d %-14s %7.1f  %12.1f  %11d  %8d  %s%n", rep, config, wall,
                        run.get("result").get("timings").get("total").asDouble(), maxWorkers, scalings,
                        run.get("result").get("var").get("0.05").asText());
            }
        }
        double f = median(fixed);
        double e = median(elastic);
        System.out.printf(Locale.ROOT, "median wall: fixed %.1f s, elastic %.1f s; speed-up fixed/elastic = %.2f%n",
                f, e, f / e);
    }

    private JsonNode run(Map<String, Object> request) throws Exception {
        String body = JSON.writeValueAsString(request);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(base.resolve("/runs"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", TestAccess.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(true, created.statusCode() / 100 == 2, created.body());
        String id = JSON.readTree(created.body()).get("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = JSON.readTree(HTTP.send(HttpRequest.newBuilder(base.resolve("/runs/" + id))
                    .header("Authorization", TestAccess.authorization()).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String state = run.get("state").asText();
            if (state.equals("COMPLETED")) {
                return run;
            }
            if (state.equals("FAILED") || state.equals("CANCELLED")) {
                throw new AssertionError("run " + id + " ended " + state + ": " + run.path("reason").asText());
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("run " + id + " did not end within 20 min");
    }

    /** The run's recorded events (a replay of its stream), as {name, data} objects. */
    private JsonNode events(String id) throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        try (SseClient sse = SseClient.get(base.resolve("/runs/" + id + "/events"), Map.of())) {
            for (SseClient.Event e : sse.awaitEnd(Duration.ofSeconds(30))) {
                events.add(Map.of("name", e.name(), "data", e.data()));
            }
        }
        return JSON.valueToTree(events);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
