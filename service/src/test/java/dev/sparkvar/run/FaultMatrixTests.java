package dev.sparkvar.run;

import dev.sparkvar.testing.Management;
import dev.sparkvar.local.FaultyAddresses;
import dev.sparkvar.local.LocalClusters;
import dev.sparkvar.testing.FaultProxy;
import dev.sparkvar.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault matrix (issue 12) with real processes: a job, a worker or a master killed, oshinko unreachable, a cancel
 * while the worker wait and the job run side by side, a lost callback reply, a store that cannot write. Each case
 * ends in a terminal state whose reason names the fault, with its stream ended, every PID gone and {@code run.json}
 * final. The oshinko API and the job's callbacks go through {@link FaultProxy}. Failed deletions are the fast tier's
 * ({@code FastRunFlowTests#aDeletionThatFails…}: the warning, the reaper, the stream open until the deletion) and the
 * oshinko client's ({@code OshinkoClientTests#incompleteDeletion…}: a 500 is retried, then reported); the other
 * cancel points and a subscriber leaving are the fast tier's too.
 */
// The tag lets the matrix run alone: ./mvnw -pl service test -Dgroups=fault-matrix (it is part of ./mvnw verify).
@Tag("fault-matrix")
@QuarkusTest
@TestProfile(FaultMatrixTests.Faults.class)
class FaultMatrixTests {

    static final Path RUNS = Path.of("target/fault-runs");
    static final Path CLUSTERS = Path.of("target/fault-clusters");

    public static class Faults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("sparkvar.runs.dir", RUNS.toString()),
                    Map.entry("sparkvar.local.work-dir", CLUSTERS.toString()),
                    Map.entry("sparkvar.runs.callback-url", "http://127.0.0.1:" + FaultProxy.sharedPort()),
                    Map.entry("sparkvar.runs.cluster-loss-grace", "5s"),
                    Map.entry("sparkvar.runs.liveness-interval", "1s"),
                    Map.entry("sparkvar.runs.reaper-interval", "1s"),
                    Map.entry("sparkvar.runs.reaper-max-backoff", "2s"),
                    Map.entry("sparkvar.runs.delete-attempts", "2"),
                    Map.entry("sparkvar.oshinko.retries", "1"),
                    Map.entry("sparkvar.oshinko.retry-backoff", "50ms"),
                    Map.entry("sparkvar.local.watch-interval", "1s"));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FaultyAddresses.class);
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    LocalClusters clusters;

    private final FaultProxy proxy = FaultProxy.shared();

    @BeforeEach
    @AfterEach
    void noFaults() {
        FaultChecks.noFaults(proxy);
    }

    @Test
    void jobKilledWhileSimulating() throws Exception {
        String id = start("{\"simulations\": 3000000, \"seed\": 11}");
        try (SseClient sse = events(id)) {
            String cluster = sse.await("cluster-created", Duration.ofMinutes(2)).data().get("cluster").asText();
            Set<Long> pids = new LinkedHashSet<>(clusters.pids(cluster));
            long job = sse.await("job-started", Duration.ofMinutes(3)).data().get("pid").asLong();
            pids.add(job);
            sse.await(e -> e.name().equals("progress") && e.data().get("phase").asText().equals("simulating"),
                    Duration.ofMinutes(3));
            pids.addAll(clusters.pids(cluster));
            long killed = System.nanoTime();
            ProcessHandle.of(job).orElseThrow().destroyForcibly();
            FaultChecks.terminal(sse, "failed", "killed by SIGKILL", Duration.ofMinutes(1));
            FaultChecks.report("job JVM killed", killed, FaultChecks.gone(pids));
            FaultChecks.noClusterFolder(CLUSTERS, cluster);
        }
        FaultChecks.stored(RUNS, id, "FAILED");
    }

    @Test
    void workerKilledWhileTheJobRunsIsReplacedAndTheRunCompletes() throws Exception {
        String id = start("{\"simulations\": 1500000, \"seed\": 12}");
        try (SseClient sse = events(id)) {
            String cluster = sse.await("cluster-created", Duration.ofMinutes(2)).data().get("cluster").asText();
            Set<Long> pids = new LinkedHashSet<>(clusters.pids(cluster));
            pids.add(sse.await("job-started", Duration.ofMinutes(3)).data().get("pid").asLong());
            FaultChecks.workersUpAndProgress(sse);
            long worker = clusters.daemonPids(cluster).get("worker-1");
            long killed = System.nanoTime();
            ProcessHandle.of(worker).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(60)).until(() -> clusters.daemonPids(cluster).containsKey("worker-2"));
            System.out.printf("fault-matrix | worker killed | replaced after %.1f s%n",
                    (System.nanoTime() - killed) / 1e9);
            pids.addAll(clusters.pids(cluster));
            FaultChecks.terminal(sse, "completed", null, Duration.ofMinutes(5));
            assertTrue(sse.names().contains("result"), sse.names().toString());
            FaultChecks.gone(pids);
            FaultChecks.noClusterFolder(CLUSTERS, cluster);
        }
        FaultChecks.stored(RUNS, id, "COMPLETED");
        given().get(base.resolve("/runs/" + id)).then().body("result.var", notNullValue());
    }

    @Test
    void masterKilledWhileTheJobRunsFailsTheRunWithinTheGracePeriod() throws Exception {
        // long enough to outlast the grace period (5 s) after the kill on a quiet machine too: executors that are
        // already registered go on without their master, so a short job would just complete (it did at 3M x 5 days,
        // once at 3M x 60 days, and once at 3M x 250 days once the JVMs mapped class-sharing archives: its result
        // came 5.6 and 6.0 s after the kill); the run ends at the fault (the cluster deleted), not the job, so the
        // largest job allowed costs no more than a short one
        String id = start("{\"simulations\": 10000000, \"horizonDays\": 250, \"seed\": 13}");
        try (SseClient sse = events(id)) {
            String cluster = sse.await("cluster-created", Duration.ofMinutes(2)).data().get("cluster").asText();
            Set<Long> pids = new LinkedHashSet<>(clusters.pids(cluster));
            pids.add(sse.await("job-started", Duration.ofMinutes(3)).data().get("pid").asLong());
            FaultChecks.workersUpAndProgress(sse);
            pids.addAll(clusters.pids(cluster));
            long killed = System.nanoTime();
            ProcessHandle.of(clusters.daemonPids(cluster).get("master")).orElseThrow().destroyForcibly();
            FaultChecks.terminal(sse, "failed", "lost its master", Duration.ofMinutes(2));
            double detected = (System.nanoTime() - killed) / 1e9;
            assertTrue(detected < 60, "detected after " + detected + " s");
            FaultChecks.report("master killed (grace 5 s)", killed, FaultChecks.gone(pids));
            FaultChecks.noClusterFolder(CLUSTERS, cluster);
        }
        FaultChecks.stored(RUNS, id, "FAILED");
    }

    @Test
    void oshinkoUnreachableAtCreateFailsWithoutPointlessDeletes() throws Exception {
        FaultyAddresses.oshinkoDown = true; // a closed port: the connection is refused
        String id = start("{\"seed\": 15}");
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "failed", "Connection refused", Duration.ofMinutes(1));
            assertTrue(!sse.names().contains("cluster-created") && !sse.names().contains("cluster-deleted")
                    && !sse.names().contains("warning"), sse.names().toString());
        }
        String cluster = given().get(base.resolve("/runs/" + id)).then().extract().path("cluster.name");
        assertEquals(List.of(), clusters.pids(cluster), "no cluster started");
        given().get(base.resolve("/oshinko/clusters")).then().body("clusters.name", not(hasItem(cluster)));
        given().get(Management.uri("/q/health/ready")).then().body("checks.find { it.name == 'cluster-reaper' }"
                + ".data.clustersToDelete", equalTo(0));
        FaultChecks.stored(RUNS, id, "FAILED");
    }

    @Test
    void cancelWhileWaitingForWorkers() throws Exception {
        FaultyAddresses.graphiteDown = true; // the wait never ends by itself
        // a long job: it starts beside the wait and would otherwise finish on workers the service cannot see
        String id = start("{\"simulations\": 3000000, \"horizonDays\": 250, \"seed\": 18}");
        try (SseClient sse = events(id)) {
            String cluster = sse.await("cluster-created", Duration.ofMinutes(2)).data().get("cluster").asText();
            // the job starts as soon as the master answers, beside the worker wait (README, "A cold start
            // that overlaps"): the cancel stops both
            long job = sse.await("job-started", Duration.ofMinutes(1)).data().get("pid").asLong();
            sse.await("workers", Duration.ofMinutes(1));
            Set<Long> pids = new LinkedHashSet<>(clusters.pids(cluster));
            pids.add(job);
            given().get(base.resolve("/runs/" + id)).then().body("state", equalTo("RUNNING"));
            given().delete(base.resolve("/runs/" + id)).then().statusCode(202);
            FaultChecks.terminal(sse, "cancelled", "cancelled by user", Duration.ofMinutes(1));
            assertTrue(sse.names().stream().noneMatch(n -> n.equals("result")), sse.names().toString());
            FaultChecks.gone(pids);
            FaultChecks.noClusterFolder(CLUSTERS, cluster);
        }
        FaultChecks.stored(RUNS, id, "CANCELLED");
    }

    @Test
    void aLostReplyToTheResultIsRetriedAndTheResultKept() throws Exception {
        proxy.dropReply("POST", "/result");
        String id = start("{\"mode\": \"local\", \"simulations\": 5000, \"seed\": 20}");
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "completed", null, Duration.ofMinutes(3));
        }
        assertTrue(proxy.seen("POST", "/internal/runs/" + id + "/result") >= 2, "the job posted again");
        FaultChecks.stored(RUNS, id, "COMPLETED");
        given().get(base.resolve("/runs/" + id)).then().body("exitCode", equalTo(0))
                .body("result.var", notNullValue()).body("reason", nullValue());
    }

    @Test
    void aStoreThatCannotWriteWarnsServesFromMemoryAndCatchesUp() throws Exception {
        String id = start("{\"mode\": \"local\", \"simulations\": 300000, \"seed\": 21}");
        Path blocker = RUNS.resolve(id).resolve("run.json.tmp");
        // every write of this run now fails, as on a full disk: a folder where the temp file goes, not empty, so that
        // the store's clean-up of a crash's leftover temp file (deleteIfExists) cannot remove it
        Files.createDirectories(blocker);
        Path inside = Files.createFile(blocker.resolve("keep"));
        try (SseClient sse = events(id)) {
            SseClient.Event warning = sse.await(e -> e.name().equals("warning")
                    && e.data().get("message").asText().contains("could not be saved"), Duration.ofMinutes(2));
            assertTrue(warning.data().get("message").asText().contains("served from memory"));
            given().get(Management.uri("/q/health/ready")).then().body("checks.find { it.name == 'run-store' }"
                    + ".data.unsavedRuns", equalTo(1));
            given().get(base.resolve("/runs/" + id)).then().statusCode(200);
            Files.delete(inside);
            Files.delete(blocker);
            FaultChecks.terminal(sse, "completed", null, Duration.ofMinutes(3));
        }
        FaultChecks.stored(RUNS, id, "COMPLETED");
        given().get(Management.uri("/q/health/ready")).then().body("checks.find { it.name == 'run-store' }"
                + ".data.unsavedRuns", equalTo(0));
    }

    private String start(String body) {
        return FaultChecks.start(base, body);
    }

    private SseClient events(String id) {
        return FaultChecks.events(base, id);
    }
}
