package dev.sparkvar.run;

import dev.sparkvar.testing.SseClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.local.LocalClusters;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole flow on the embedded default with real processes: a local cluster (real Spark Master and Worker
 * JVMs, real master metrics through the embedded Graphite), the real job JVM, callbacks, deletion.
 */
@QuarkusTest
class RunEndToEndTests {

    static final long SEED = 20261124L;
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    @TestHTTPResource("/")
    URI base;

    @Inject
    LocalClusters clusters;

    @Test
    void notebookDefaultsRunEndToEndAndMatchTheJobAlone() throws Exception {
        Set<Long> pids = new HashSet<>();
        JsonNode resultSummary;
        String runId;
        String cluster;
        try (SseClient sse = SseClient.post(base.resolve("/runs"), "{\"seed\": " + SEED + "}")) {
            assertEquals(200, sse.status());
            assertTrue(sse.contentType().startsWith("text/event-stream"), sse.contentType());

            SseClient.Event accepted = sse.await("accepted", Duration.ofSeconds(10));
            runId = accepted.data().get("id").asText();
            SseClient.Event created = sse.await("cluster-created", Duration.ofMinutes(1));
            cluster = created.data().get("cluster").asText();
            assertTrue(cluster.matches("cluster-[a-z0-9]{4}"), cluster);
            int desired = created.data().get("desiredWorkers").asInt();
            assertEquals(1, desired, "clusterconfig's default worker count");

            // the job starts as soon as the master answers, so job-started and the workers coming up may
            // arrive in either order (OverlappedStartTests pins the order with two workers)
            SseClient.Event workers = sse.await(e -> e.name().equals("workers")
                    && e.data().get("alive").asInt() >= desired, Duration.ofMinutes(2));
            assertEquals(desired, workers.data().get("desired").asInt());
            // the daemons by role; their executors (the job starts early, so one may be up already) join the
            // PIDs that must all be gone at the end
            assertEquals(1 + desired, clusters.daemonPids(cluster).size(), "master and worker JVMs");
            pids.addAll(clusters.pids(cluster));

            SseClient.Event started = sse.all().stream().filter(e -> e.name().equals("job-started")).findFirst()
                    .orElse(null);
            if (started == null) {
                started = sse.await("job-started", Duration.ofMinutes(1));
            }
            pids.add(started.data().get("pid").asLong());

            double lastPercent = -1;
            while (true) {
                SseClient.Event e = sse.await(ev -> ev.name().equals("progress") || ev.name().equals("result"),
                        RUN_TIMEOUT);
                if (e.name().equals("result")) {
                    resultSummary = e.data();
                    break;
                }
                double percent = e.data().get("percent").asDouble();
                assertTrue(percent >= lastPercent, "progress never goes back: " + lastPercent + " -> " + percent);
                lastPercent = percent;
                // executors are children of the worker JVMs: remember them to check they are gone too
                for (long pid : clusters.pids(cluster)) {
                    ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
                }
            }
            assertEquals(100.0, lastPercent, "progress reaches 100 %");
            sse.await(e -> e.name().equals("cluster-deleted")
                    && e.data().get("cluster").asText().equals(cluster), Duration.ofMinutes(1));
            sse.await("completed", Duration.ofMinutes(1));
            List<SseClient.Event> all = sse.awaitEnd(Duration.ofSeconds(10));
            assertOrdered(all, "accepted", "cluster-created", "job-started", "progress", "result",
                    "cluster-deleted", "completed");
            assertOrdered(all, "cluster-created", "workers", "result");
            for (int i = 1; i < all.size(); i++) {
                assertEquals(all.get(i - 1).id() + 1, all.get(i).id(), "event ids are a sequence");
            }
        }

        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(15, TimeUnit.SECONDS).join());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left");
        }
        assertTrue(clusters.pids(cluster).isEmpty());

        given().get(base.resolve("/runs/" + runId)).then().statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("cluster.deleted", equalTo(true))
                .body("exitCode", equalTo(0))
                .body("result.simulations", equalTo(10000))
                .body("result.curve.pnl.size()", org.hamcrest.Matchers.greaterThan(100));
        // The list carries each run's risk figures, not its bulky curves.
        given().get(base.resolve("/runs")).then().statusCode(200)
                .body("find { it.id == '" + runId + "' }.result.var.'0.05'", org.hamcrest.Matchers.notNullValue())
                .body("find { it.id == '" + runId + "' }.result.curve", org.hamcrest.Matchers.nullValue());

        // The same job alone, in local mode, with the same inputs and seed: bit-identical VaR.
        JsonNode alone = runJobAlone(SEED);
        for (String figure : List.of("var", "expectedShortfall")) {
            assertEquals(alone.get(figure).get("0.05").asDouble(), resultSummary.get(figure).get("0.05").asDouble(),
                    figure + " equals the job run alone");
        }
    }

    static JsonNode runJobAlone(long seed) throws Exception {
        Path jobHome = Path.of(System.getProperty("sparkvar.job.home", "../spark-job/target")).toAbsolutePath();
        Path out = Files.createTempFile("sparkvar-alone", ".json");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", jobHome.resolve("sparkvar-job.jar").toString(),
                "--master", "local[2]", "--seed", String.valueOf(seed), "--output", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/job-alone.log"))).start();
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
