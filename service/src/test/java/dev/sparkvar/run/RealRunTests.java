package dev.sparkvar.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.local.LocalClusters;
import dev.sparkvar.testing.Scrape;
import dev.sparkvar.testing.SseClient;
import dev.sparkvar.testing.TestAccess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static dev.sparkvar.testing.Scrape.assertDelta;
import static dev.sparkvar.testing.Scrape.value;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One cold run on the embedded default with real processes (a local cluster of a real Spark Master and two Worker
 * JVMs, real master metrics through the embedded Graphite, the real job JVM and its executors, callbacks, deletion),
 * observed once for everything a real run shows:
 * <ul>
 * <li>the stream: every step in order, ids a sequence, progress never going back, the cluster deleted, no PID left;
 * <li>the overlapped start (README, "A cold start that overlaps"): {@code job-started} comes before the
 * {@code workers} event that reports both workers up, and the run completes on the executors that join later;
 * <li>the digits: bit-identical to the same job run alone with {@code java -jar} on {@code local[2]} (started beside
 * the run, so its JVM's start overlaps the cluster's);
 * <li>issue 21's numbers on the management port's scrape, during and after the run;
 * <li>issue 21's log lines: JSON objects (the test profile writes a JSON file with the container console's
 * formatter and filter), those of the run carrying its id and cluster, the service's and the job's own.
 * </ul>
 * Each of these used to pay a cold run of its own (and the log lines a Quarkus boot too); the proofs are the same.
 */
@QuarkusTest
class RealRunTests {

    static final long SEED = 20261124L;
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    /** Every boot of the test profile also writes its lines here, as JSON (application.properties, {@code %test}; one
     *  file per test fork). */
    @ConfigProperty(name = "quarkus.log.file.path")
    Path log;

    @TestHTTPResource("/")
    URI base;

    @Inject
    LocalClusters clusters;

    @Test
    void aColdRunStreamsOverlapsMatchesTheJobAloneAndIsCountedAndLogged() throws Exception {
        long logFrom = Files.exists(log) ? Files.size(log) : 0;
        List<Scrape.Sample> before = Scrape.now();
        Path aloneOut = Files.createTempFile("sparkvar-alone", ".json");
        Process alone = startJobAlone(SEED, aloneOut);
        try {
            Set<Long> pids = ConcurrentHashMap.newKeySet();
            JsonNode result;
            String runId;
            String cluster;
            try (SseClient sse = SseClient.post(base.resolve("/runs"), "{\"workers\": 2, \"seed\": " + SEED + "}")) {
                assertEquals(200, sse.status());
                assertTrue(sse.contentType().startsWith("text/event-stream"), sse.contentType());
                runId = sse.await("accepted", Duration.ofSeconds(10)).data().get("id").asText();
                SseClient.Event created = sse.await("cluster-created", Duration.ofMinutes(1));
                cluster = created.data().get("cluster").asText();
                assertTrue(cluster.matches("cluster-[a-z0-9]{4}"), cluster);
                assertEquals(2, created.data().get("desiredWorkers").asInt());
                pids.add(sse.await("job-started", Duration.ofMinutes(3)).data().get("pid").asLong());
                Thread watcher = watchProcesses(cluster, pids);
                try {
                    numbersDuringTheRun(before);
                    SseClient.Event workers = sse.await(e -> e.name().equals("workers")
                            && e.data().get("alive").asInt() >= 2, Duration.ofMinutes(2));
                    assertEquals(2, workers.data().get("desired").asInt());
                    assertEquals(3, clusters.daemonPids(cluster).size(), "master and two worker JVMs");
                    double lastPercent = -1;
                    while (true) {
                        SseClient.Event e = sse.await(ev -> ev.name().equals("progress") || ev.name().equals("result"),
                                RUN_TIMEOUT);
                        if (e.name().equals("result")) {
                            result = e.data();
                            break;
                        }
                        double percent = e.data().get("percent").asDouble();
                        assertTrue(percent >= lastPercent, "progress never goes back: " + lastPercent + " -> " + percent);
                        lastPercent = percent;
                    }
                    assertEquals(100.0, lastPercent, "progress reaches 100 %");
                    sse.await(e -> e.name().equals("cluster-deleted")
                            && e.data().get("cluster").asText().equals(cluster), Duration.ofMinutes(1));
                    sse.await("completed", Duration.ofMinutes(1));
                } finally {
                    watcher.interrupt();
                    watcher.join(5000);
                }
                List<SseClient.Event> all = sse.awaitEnd(Duration.ofSeconds(10));
                assertOrdered(all, "accepted", "cluster-created", "job-started", "progress", "result",
                        "cluster-deleted", "completed");
                assertOrdered(all, "cluster-created", "workers", "result");
                for (int i = 1; i < all.size(); i++) {
                    assertEquals(all.get(i - 1).id() + 1, all.get(i).id(), "event ids are a sequence");
                }
                theJobStartedBeforeBothWorkersWereUp(all);
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(15, TimeUnit.SECONDS).join());
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left");
            }
            assertTrue(pids.size() >= 5, "master, two workers, the job and an executor at least: " + pids);
            assertTrue(clusters.pids(cluster).isEmpty());
            given().get(base.resolve("/runs/" + runId)).then().statusCode(200)
                    .body("state", equalTo("COMPLETED"))
                    .body("cluster.deleted", equalTo(true))
                    .body("exitCode", equalTo(0))
                    .body("result.simulations", equalTo(10000))
                    .body("result.curve.pnl.size()", greaterThan(100));
            // The list carries each run's risk figures, not its bulky curves.
            given().get(base.resolve("/runs")).then().statusCode(200)
                    .body("find { it.id == '" + runId + "' }.result.var.'0.05'", notNullValue())
                    .body("find { it.id == '" + runId + "' }.result.curve", nullValue());

            numbersAfterTheRun(before);
            linesAreJsonWithTheRunsFields(logFrom, runId, cluster);

            // The same job alone, on local[2], with the same inputs and seed: bit-identical VaR and ES.
            JsonNode aloneResult = awaitJobAlone(alone, aloneOut);
            for (String figure : List.of("var", "expectedShortfall")) {
                assertEquals(aloneResult.get(figure).get("0.05").asDouble(), result.get(figure).get("0.05").asDouble(),
                        figure + " equals the job run alone");
            }
        } finally {
            alone.destroyForcibly(); // a failed check leaves no JVM behind
        }
    }

    /** Both workers register together, after the job JVM started: the job did not wait for them. */
    private static void theJobStartedBeforeBothWorkersWereUp(List<SseClient.Event> all) {
        List<String> names = all.stream().map(SseClient.Event::name).toList();
        int allUp = -1;
        for (int i = 0; i < all.size(); i++) {
            SseClient.Event e = all.get(i);
            if (e.name().equals("workers") && e.data().get("alive").asInt() == 2 && e.data().get("desired").asInt() == 2) {
                allUp = i;
                break;
            }
        }
        int started = names.indexOf("job-started");
        assertTrue(started > names.indexOf("cluster-created"), names.toString());
        assertTrue(allUp > 0, "the workers event with 2 of 2 alive: " + names);
        assertTrue(started < allUp, "job-started before the workers were all up: " + names);
    }

    private void numbersDuringTheRun(List<Scrape.Sample> before) {
        // the overlapped start: at job-started the run may still be waiting for its workers (state
        // waiting_for_workers); it is running once they are up, which the scrape shows within the wait
        List<Scrape.Sample> during = await().alias("a run is running").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(Scrape::now, samples -> value(samples, "sparkvar_runs", "state", "running") >= 1);
        assertTrue(value(during, "sparkvar_admission_running") >= 1, "it holds a slot");
        assertEquals(0, value(during, "sparkvar_admission_queue_length"), "nobody waits");
        assertTrue(value(during, "sparkvar_sse_subscribers") >= value(before, "sparkvar_sse_subscribers") + 1,
                "this test's stream is a subscriber");
        assertTrue(value(during, "sparkvar_clusters_held", "backend", "local") >= 1, "its cluster is held");
        // the job starts as soon as the master answers (issue 19): the cluster is ready a moment later
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertDelta(
                before, Scrape.now(), 1, "sparkvar_cluster_ready_seconds_count", "backend", "local", "outcome", "ready"));
        assertDelta(before, during, 1, "sparkvar_cluster_requests_total", "operation", "create", "outcome", "ok");
        assertDelta(before, during, 1, "sparkvar_admission_wait_seconds_count", "mode", "ephemeral");
        assertDelta(before, during, 0, "sparkvar_runs_finished_total");
        // the page's health strip reads the same numbers (role user)
        given().get(base.resolve("/status")).then().statusCode(200)
                .body("running", greaterThanOrEqualTo(1)).body("queued", equalTo(0))
                .body("clustersHeld", greaterThanOrEqualTo(1))
                .body("poolSize", equalTo(0)).body("poolReady", equalTo(0)); // no pool in tests
        given().header(TestAccess.ANONYMOUS, "yes").get(base.resolve("/status")).then().statusCode(401);
    }

    private static void numbersAfterTheRun(List<Scrape.Sample> before) {
        // the stream's end reaches the server a moment after ours: the gauges settle within seconds
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Scrape.Sample> now = Scrape.now();
            assertEquals(value(before, "sparkvar_sse_subscribers"), value(now, "sparkvar_sse_subscribers"));
            assertEquals(value(before, "sparkvar_admission_running"), value(now, "sparkvar_admission_running"));
        });
        List<Scrape.Sample> after = Scrape.now();
        assertDelta(before, after, 1, "sparkvar_runs_finished_total", "outcome", "completed");
        assertDelta(before, after, 0, "sparkvar_runs_finished_total", "outcome", "failed");
        assertDelta(before, after, 1, "sparkvar_run_duration_seconds_count", "outcome", "completed", "mode", "ephemeral");
        assertDelta(before, after, 1, "sparkvar_run_result_seconds_count", "mode", "ephemeral");
        assertDelta(before, after, 1, "sparkvar_cluster_requests_total", "operation", "delete", "outcome", "ok");
        assertEquals(value(before, "sparkvar_clusters_held"), value(after, "sparkvar_clusters_held"), "cluster given back");
        assertEquals(0, value(after, "sparkvar_runs", "state", "running"));
        assertEquals(0, value(after, "sparkvar_reaper_backlog"));
        assertTrue(value(after, "sparkvar_run_duration_seconds_sum", "outcome", "completed")
                > value(before, "sparkvar_run_duration_seconds_sum", "outcome", "completed"), "time was added");
        // the extension's own meters are there too: JVM and HTTP server
        assertTrue(value(after, "jvm_threads_live_threads") > 0);
        // (any uri: the extension stops adding uri tags after 100 of them, which the access tests' spellings reach)
        assertTrue(value(after, "http_server_requests_seconds_count") >= 1);
        // no run id, no cluster name as a label: the series do not grow with the runs
        for (Scrape.Sample s : after) {
            assertTrue(!s.labels().contains("cluster-") && !s.labels().contains("run-"), "a per-run label: " + s);
        }
    }

    /** The lines written since {@code from}: each one JSON object; the run's carry its id and its cluster. */
    private void linesAreJsonWithTheRunsFields(long from, String runId, String cluster) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> ofTheRun = new ArrayList<>();
        int lines = 0;
        for (String line : linesSince(from)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line); // every line is one JSON object
            assertTrue(node.isObject() && node.hasNonNull("message") && node.hasNonNull("level"), line);
            lines++;
            if (runId.equals(node.path("mdc").path("runId").asText())) {
                ofTheRun.add(node);
            }
        }
        assertTrue(lines > 10, "lines: " + lines);
        String summary = ofTheRun.stream().map(n -> n.path("loggerName").asText() + " " + n.path("mdc")).distinct()
                .limit(30).toList().toString();
        assertTrue(ofTheRun.stream().anyMatch(n -> n.path("loggerName").asText().equals("dev.sparkvar.job")
                && cluster.equals(n.path("mdc").path("cluster").asText())), "a job line with both fields: " + summary);
        // a service line (any of the service's own loggers: which ones speak in a happy run is not this test's point)
        assertTrue(ofTheRun.stream().anyMatch(n -> n.path("loggerName").asText().startsWith("dev.sparkvar.")
                && !n.path("loggerName").asText().equals("dev.sparkvar.job")
                && cluster.equals(n.path("mdc").path("cluster").asText())), "a service line with both fields: " + summary);
        // and nothing else's: no line of another run or cluster carries this run's id
        assertTrue(ofTheRun.stream().allMatch(n -> !n.path("mdc").has("cluster")
                || cluster.equals(n.path("mdc").path("cluster").asText())), summary);
    }

    private List<String> linesSince(long from) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = from <= file.length() ? from : 0; // rotated meanwhile: read the new file whole
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Executors are children of the worker JVMs: every PID of the cluster, collected while it runs. */
    private Thread watchProcesses(String cluster, Set<Long> pids) {
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (long pid : clusters.pids(cluster)) {
                    pids.add(pid);
                    ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-pid-watch");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    static Process startJobAlone(long seed, Path out) throws IOException {
        Path jobHome = Path.of(System.getProperty("sparkvar.job.home", "../spark-job/target")).toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", jobHome.resolve("sparkvar-job.jar").toString(),
                "--master", "local[2]", "--seed", String.valueOf(seed), "--output", out.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/job-alone.log"))).start();
    }

    static JsonNode awaitJobAlone(Process p, Path out) throws Exception {
        try {
            assertTrue(p.waitFor(4, TimeUnit.MINUTES), "job alone finished");
            assertEquals(0, p.exitValue(), "job alone exit code (see target/job-alone.log)");
            return new ObjectMapper().readTree(out.toFile());
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    static void assertOrdered(List<SseClient.Event> events, String... names) {
        List<String> seen = events.stream().map(SseClient.Event::name).toList();
        int from = 0;
        for (String name : names) {
            int at = seen.subList(from, seen.size()).indexOf(name);
            assertTrue(at >= 0, name + " after position " + from + " in " + seen);
            from += at;
        }
    }
}
