package dev.sparkvar.elastic;

import dev.sparkvar.testing.SseClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkvar.local.LocalClusters;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The elastic loop on the local backend with real processes: a run starts with one worker, its job's backlog makes
 * the loop add a worker JVM whose executors take tasks, the stream shows {@code cluster-scaled} and the workers
 * rising; once the job is done and its driver lingers idle, the loop shrinks the cluster back to one worker; then
 * the cluster is deleted and no process of it is left.
 */
@QuarkusTest
@TestProfile(ElasticWorkersTests.FastLoop.class)
class ElasticWorkersTests {

    /** The loop on, ticking every second over a 5 s window; executors released after 5 s idle; a lingering driver. */
    public static class FastLoop implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sparkvar.elastic.enabled", "true",
                    "sparkvar.elastic.interval", "1s",
                    "sparkvar.elastic.window", "5s",
                    "sparkvar.driver.metrics-period", "1s",
                    // production's 1-core executors, two per worker (the tests' default is one of 2 cores)
                    "sparkvar.driver.executor-cores", "1",
                    "sparkvar.driver.executor-idle-timeout", "5s",
                    // the driver stays up idle after the result, so that the scale-down happens while the run
                    // still uses the cluster (the job's spark.sparkvar.linger, through spark-defaults.conf)
                    "sparkvar.driver.conf.\"spark.sparkvar.linger\"", "12s");
        }
    }

    /**
     * 24 tasks of 30 assets × 260 days: a backlog of tens of seconds for one 2-core worker (600,000 paths: about 25 s
     * of tasks still queued when the loop scales up, here under the suite's load; the added worker's executors take
     * their first tasks about 10 s after the scale-up).
     */
    static final int SIMULATIONS = 600_000;
    static final String BACKLOG = """
            {"simulations": %d, "horizonDays": 260, "sampleFraction": 1.0, "partitions": 24, "seed": 7}"""
            .formatted(SIMULATIONS);

    @TestHTTPResource("/")
    URI base;

    @Inject
    LocalClusters clusters;

    @Inject
    ElasticWorkers elastic;

    @Test
    void backlogGrowsTheClusterAndIdleShrinksItBack() throws Exception {
        assertTrue(elastic.enabled());
        assertEquals(2, elastic.policy().executorsPerWorker(), "2 worker cores / 1 executor core");
        assertEquals(5, elastic.policy().windowSamples());

        Set<Long> pids = ConcurrentHashMap.newKeySet();
        Map<String, Set<Long>> executorsByWorker = new ConcurrentHashMap<>();
        String runId;
        String cluster;
        List<String> changes;
        try (SseClient sse = SseClient.post(base.resolve("/runs"), BACKLOG)) {
            assertEquals(200, sse.status());
            runId = sse.await("accepted", Duration.ofSeconds(10)).data().get("id").asText();
            SseClient.Event created = sse.await("cluster-created", Duration.ofMinutes(1));
            cluster = created.data().get("cluster").asText();
            assertEquals(1, created.data().get("desiredWorkers").asInt(), "starts with clusterconfig's one worker");

            // executors are children of the worker JVMs: note which worker each ran under, and every PID
            Thread watcher = new Thread(() -> watchProcesses(cluster, pids, executorsByWorker), "test-pid-watch");
            watcher.setDaemon(true);
            watcher.start();
            List<SseClient.Event> all;
            try {
                // the order of a cluster-scaled event and the workers event it causes is not fixed (the PUT answers
                // once the JVM has started or stopped; the master's gauge may be read first): wait for the end,
                // then check the whole stream
                sse.await("result", Duration.ofMinutes(3));
                sse.await(e -> e.name().equals("cluster-scaled")
                        && e.data().get("to").asInt() < e.data().get("from").asInt(), Duration.ofMinutes(1));
                sse.await(e -> e.name().equals("cluster-deleted"), Duration.ofMinutes(2));
                sse.await("completed", Duration.ofMinutes(1));
                all = sse.awaitEnd(Duration.ofSeconds(10));
            } finally {
                watcher.interrupt();
                watcher.join(5000);
            }

            List<JsonNode> scaled = all.stream().filter(e -> e.name().equals("cluster-scaled"))
                    .map(SseClient.Event::data).toList();
            changes = scaled.stream().map(d -> d.get("from").asInt() + "->" + d.get("to").asInt()).toList();
            // up at once to maxExecutors 4 / 2 per worker; idle gaps between the job's stages may shrink and grow
            // it again; at the end, halving 2 -> 1 once the window is idle
            assertEquals("1->2", changes.get(0), changes.toString());
            assertEquals("2->1", changes.get(changes.size() - 1), changes.toString());
            for (int i = 0; i < scaled.size(); i++) {
                JsonNode d = scaled.get(i);
                boolean up = d.get("to").asInt() > d.get("from").asInt();
                assertTrue(d.get("reason").asText().startsWith(up ? "scale up" : "scale down"), d.toString());
                assertTrue(i == 0 || scaled.get(i - 1).get("to").asInt() == d.get("from").asInt(), changes.toString());
            }
            List<Integer> alive = all.stream().filter(e -> e.name().equals("workers"))
                    .map(e -> e.data().get("alive").asInt()).toList();
            int firstTwo = alive.indexOf(2);
            assertTrue(firstTwo > 0 && alive.subList(0, firstTwo).contains(1), "workers rise 1 -> 2: " + alive);
            assertTrue(alive.subList(firstTwo, alive.size()).contains(1), "workers back to 1: " + alive);
        }

        assertTrue(executorsByWorker.entrySet().stream()
                        .anyMatch(e -> !e.getKey().equals("worker-1") && !e.getValue().isEmpty()),
                "an added worker ran executors: " + executorsByWorker);
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(15, TimeUnit.SECONDS).join());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left");
        }
        assertTrue(clusters.pids(cluster).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> elastic.windows().isEmpty()); // forgot the cluster

        given().get(base.resolve("/runs/" + runId)).then().statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("cluster.deleted", equalTo(true))
                .body("result.simulations", equalTo(SIMULATIONS));
        // the record keeps the scaling: a replay of the stream from the start has the same changes
        try (SseClient replay = SseClient.get(base.resolve("/runs/" + runId + "/events"), Map.of())) {
            List<String> replayed = replay.awaitEnd(Duration.ofSeconds(30)).stream()
                    .filter(e -> e.name().equals("cluster-scaled"))
                    .map(e -> e.data().get("from").asInt() + "->" + e.data().get("to").asInt()).toList();
            assertEquals(changes, replayed);
        }
    }

    private void watchProcesses(String cluster, Set<Long> pids, Map<String, Set<Long>> executorsByWorker) {
        while (!Thread.currentThread().isInterrupted()) {
            pids.addAll(clusters.pids(cluster));
            clusters.daemonPids(cluster).forEach((role, pid) -> {
                pids.add(pid);
                if (role.startsWith("worker-")) {
                    ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> {
                        pids.add(d.pid());
                        executorsByWorker.computeIfAbsent(role, r -> ConcurrentHashMap.newKeySet()).add(d.pid());
                    }));
                }
            });
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
