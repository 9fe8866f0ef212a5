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
import org.junit.jupiter.api.Test;

import java.net.URI;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault matrix's cases about time (issue 12, cases 8 and 9), with their timeouts shortened: a create call that
 * times out on our side while the server goes on creating, and Graphite unreachable during the worker wait. Same
 * checks as {@link FaultMatrixTests}. Case 15 (a job that outlives its timeout) is a rule of the run flow, proved on
 * the fast tier ({@code FastRunFlowTests#aJobThatHangsIsStoppedAtTheJobTimeout}); that a real job JVM and its
 * cluster's processes are stopped by PID is shown by every cancel and failure case of the matrix.
 */
@QuarkusTest
@TestProfile(FaultTimeoutTests.ShortTimeouts.class)
class FaultTimeoutTests {

    static final Path RUNS = Path.of("target/fault-timeout-runs");
    static final Path CLUSTERS = Path.of("target/fault-timeout-clusters");
    /** Long enough for a real local create on a loaded machine (the Graphite case needs one), short for case 8's wait. */
    static final Duration CREATE_TIMEOUT = Duration.ofSeconds(20);

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("sparkvar.runs.dir", RUNS.toString()),
                    Map.entry("sparkvar.local.work-dir", CLUSTERS.toString()),
                    Map.entry("sparkvar.runs.create-timeout", CREATE_TIMEOUT.toSeconds() + "s"),
                    Map.entry("sparkvar.workers.timeout", "8s"),
                    Map.entry("sparkvar.runs.reaper-interval", "1s"),
                    Map.entry("sparkvar.runs.reaper-max-backoff", "2s"));
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

    /** Case 8: the server creates the cluster, but its reply comes after our create timeout: no orphan is left. */
    @Test
    void aCreateThatTimesOutOnOurSideLeavesNoOrphan() throws Exception {
        proxy.delayReply("POST", "/oshinko/clusters", CREATE_TIMEOUT.multipliedBy(3));
        String id = start("{\"seed\": 31}");
        String cluster;
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "failed", "was not created within", Duration.ofMinutes(2));
            assertFalse(sse.names().contains("job-started"), sse.names().toString());
        }
        cluster = given().get(base.resolve("/runs/" + id)).then().extract().path("cluster.name");
        // the server went on creating: the cluster shows up, and is then deleted (by the run or the reaper)
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().get(base.resolve("/oshinko/clusters")).then().body("clusters.name", not(hasItem(cluster))));
        assertEquals(List.of(), clusters.pids(cluster), "no process of the cluster left");
        assertTrue(proxy.seen("DELETE", "/oshinko/clusters/" + cluster) >= 1, "the cluster was deleted by name");
        FaultChecks.noClusterFolder(CLUSTERS, cluster);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> given().get(base.resolve("/runs/" + id))
                .then().body("cluster.deleted", equalTo(true)));
        given().get(Management.uri("/q/health/ready")).then().body("checks.find { it.name == 'cluster-reaper' }"
                + ".data.clustersToDelete", equalTo(0));
        FaultChecks.stored(RUNS, id, "FAILED");
    }

    /** Case 9: Graphite unreachable during the worker wait ends the wait at its timeout, naming Graphite. */
    @Test
    void graphiteUnreachableDuringTheWorkerWait() throws Exception {
        FaultyAddresses.graphiteDown = true;
        // the job starts beside the wait and runs on the workers the service cannot see: long enough (minutes) that
        // the wait's timeout (8 s) ends the run first; a short job would complete, and its result would win
        String id = start("{\"simulations\": 3000000, \"horizonDays\": 250, \"seed\": 32}");
        try (SseClient sse = events(id)) {
            String cluster = sse.await("cluster-created", Duration.ofMinutes(2)).data().get("cluster").asText();
            Set<Long> pids = new LinkedHashSet<>(clusters.pids(cluster));
            FaultChecks.terminal(sse, "failed", "Graphite", Duration.ofMinutes(1));
            assertTrue(sse.names().contains("cluster-deleted"), sse.names().toString());
            // the job started beside the wait (README, "A cold start that overlaps"); the failed wait stopped it
            sse.all().stream().filter(e -> e.name().equals("job-started"))
                    .forEach(e -> pids.add(e.data().get("pid").asLong()));
            FaultChecks.gone(pids);
            FaultChecks.noClusterFolder(CLUSTERS, cluster);
        }
        FaultChecks.stored(RUNS, id, "FAILED");
    }

    private String start(String body) {
        return FaultChecks.start(base, body);
    }

    private SseClient events(String id) {
        return FaultChecks.events(base, id);
    }
}
