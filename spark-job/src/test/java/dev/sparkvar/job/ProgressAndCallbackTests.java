package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sparkvar.jobapi.ProgressReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress lines on stdout and the callback protocol, against a real HTTP server on 127.0.0.1. */
class ProgressAndCallbackTests {
    /** One request the callback server received. */
    record Received(String path, String authorization, String contentType, String body) {
    }

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger resultFailuresLeft = new AtomicInteger();
    /** While closed, progress posts are held after they are recorded: a slow receiver. */
    private volatile CountDownLatch progressGate = new CountDownLatch(0);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cb", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            if (path.endsWith("/progress")) {
                try {
                    progressGate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = path.endsWith("/result") && resultFailuresLeft.getAndDecrement() > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cb";
    }

    private List<Received> at(String suffix) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.path().endsWith(suffix)) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void progressIsOrderedMonotonicAndEndsWithDoneThenResult() throws IOException {
        Path out = dir.resolve("r.json");
        TestSpark.Run run = TestSpark.cli("--data", TestSpark.SAMPLE.toString(), "--simulations", "20000",
                "--partitions", "6", "--output", out.toString(), "--callback", base(), "--token", "s3cret");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        List<JsonNode> events = run.events();
        JsonNode result = events.get(events.size() - 1);
        assertEquals("result", result.get("event").asText());
        assertEquals(out.toAbsolutePath().toString(), result.get("output").asText());
        JsonNode document = TestSpark.JSON.readTree(out.toFile());
        assertEquals(document.get("var"), result.get("var"));
        JsonNode done = events.get(events.size() - 2);
        assertEquals("done", done.get("phase").asText());
        assertEquals(100.0, done.get("percent").asDouble());

        List<String> order = List.of("loading", "returns", "prices", "portfolio", "simulating", "aggregating", "done");
        double percent = -1;
        int phaseIndex = 0;
        List<String> seen = new ArrayList<>();
        for (JsonNode e : events.subList(0, events.size() - 1)) {
            assertEquals("progress", e.get("event").asText());
            int idx = order.indexOf(e.get("phase").asText());
            assertTrue(idx >= phaseIndex, "phases in order: " + e);
            phaseIndex = idx;
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(e.get("phase").asText())) {
                seen.add(e.get("phase").asText());
            }
            assertTrue(e.get("percent").asDouble() >= percent, "percent never decreases: " + e);
            percent = e.get("percent").asDouble();
            assertTrue(e.get("tasksDone").asInt() <= e.get("tasksTotal").asInt(), e.toString());
        }
        assertEquals(order, seen);
        boolean simulatingComplete = events.stream().anyMatch(e -> "simulating".equals(e.path("phase").asText())
                && e.path("tasksDone").asInt() == 6 && e.path("tasksTotal").asInt() == 6);
        assertTrue(simulatingComplete, "the last simulating report counts all six tasks");

        // callback: the full result once, progress best-effort, all with the bearer token and JSON type
        List<Received> results = at("/result");
        assertEquals(1, results.size());
        assertEquals(document, TestSpark.JSON.readTree(results.get(0).body()));
        assertFalse(at("/progress").isEmpty());
        for (Received r : received) {
            assertEquals("Bearer s3cret", r.authorization());
            assertEquals("application/json", r.contentType());
        }
        assertTrue(at("/error").isEmpty());
    }

    @Test
    void resultPostIsRetried() {
        resultFailuresLeft.set(2);
        TestSpark.Run run = TestSpark.cli("--data", TestSpark.SAMPLE.toString(), "--simulations", "100",
                "--callback", base() + "/");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertEquals(3, at("/result").size());
    }

    @Test
    void failedResultPostExitsOneButKeepsTheOutputFile() throws IOException {
        resultFailuresLeft.set(100);
        Path out = dir.resolve("kept.json");
        TestSpark.Run run = TestSpark.cli("--data", TestSpark.SAMPLE.toString(), "--simulations", "100",
                "--output", out.toString(), "--callback", base());
        assertEquals(1, run.exitCode());
        assertTrue(Files.exists(out));
        assertEquals(3, at("/result").size());
        JsonNode error = run.last();
        assertEquals("error", error.get("event").asText());
        assertEquals(1, error.get("exitCode").asInt());
        assertTrue(error.get("message").asText().contains("failed after 3 attempts"), error.toString());
        assertEquals(1, at("/error").size());
        assertEquals(error, TestSpark.JSON.readTree(at("/error").get(0).body()));
    }

    @Test
    void badInputIsPostedAsAnError() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "ticker,date,close\nAAA,2020-01-02,x\n");
        TestSpark.Run run = TestSpark.cli("--data", csv.toString(), "--callback", base(), "--token", "t");
        assertEquals(2, run.exitCode());
        assertEquals(1, at("/error").size());
        assertTrue(at("/error").get(0).body().contains("\"exitCode\":2"));
        TestSpark.Run missing = TestSpark.cli("--data", dir.resolve("missing.csv").toString(), "--callback", base());
        assertEquals(2, missing.exitCode());
        assertEquals(2, at("/error").size(), "a missing file is reported to the callback too");
    }

    @Test
    void aSlowReceiverGetsEachPhasesNewestReportAndNoPhaseIsLost() throws IOException {
        progressGate = new CountDownLatch(1);
        CallbackClient client = new CallbackClient(base(), "t");
        client.progressAsync(new ProgressReport("loading", 0, 1, 1.0)); // in flight, held by the receiver
        client.progressAsync(new ProgressReport("loading", 1, 2, 5.0));
        client.progressAsync(new ProgressReport("loading", 2, 2, 9.0));
        client.progressAsync(new ProgressReport("backtesting", 0, 0, 45.0)); // milliseconds long, still kept
        client.progressAsync(new ProgressReport("simulating", 0, 8, 46.0));
        client.progressAsync(new ProgressReport("simulating", 8, 8, 92.0));
        progressGate.countDown();
        client.flushProgress();
        List<String> sent = new ArrayList<>();
        for (Received r : at("/progress")) {
            JsonNode report = TestSpark.JSON.readTree(r.body());
            sent.add(report.get("phase").asText() + " " + report.get("percent").asDouble());
        }
        assertEquals(List.of("loading 1.0", "loading 9.0", "backtesting 45.0", "simulating 92.0"), sent);
    }
}
