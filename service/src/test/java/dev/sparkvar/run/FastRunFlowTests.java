package dev.sparkvar.run;

import dev.sparkvar.cluster.OshinkoException;
import dev.sparkvar.testing.FastTier;
import dev.sparkvar.testing.InMemoryClusters;
import dev.sparkvar.testing.InMemoryClusters.CreateScript;
import dev.sparkvar.testing.Management;
import dev.sparkvar.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run flow's rules in milliseconds (issue 20's fast tier): the real service, its HTTP API, SSE, admission, store
 * and callbacks, with an in-memory cluster backend and scripted jobs ({@link FastTier}). Each case is one rule:
 * admission, every cancel point, every failure with its reason, the result's precedence, and that every cluster
 * made is deleted. Real Spark, real processes and PIDs are the fault matrix's (FaultMatrixTests and the ITs).
 */
@QuarkusTest
@TestProfile(FastTier.class)
class FastRunFlowTests {

    /** An upper bound only (a run here takes milliseconds): generous for a shared, loaded machine. */
    static final Duration QUICK = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URI base;

    @Inject
    InMemoryClusters clusters;

    @Inject
    ScriptedJobs jobs;

    @BeforeEach
    void cleanBackend() {
        clusters.reset();
        jobs.reset();
    }

    @AfterEach
    void nothingLeft() {
        // whatever happened, every run is over and every cluster made is gone (by the run, else the reaper)
        await().atMost(QUICK).untilAsserted(() -> assertEquals(Set.of(), clusters.live(), "clusters left"));
        jobs.started().forEach(job -> assertFalse(job.isAlive(), "job of run " + job.runId() + " still running"));
    }

    @Test
    void aRunStreamsEveryStepAndDeletesItsCluster() throws Exception {
        String id = start("{\"seed\": 1}");
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "completed", null, QUICK);
            RealRunTests.assertOrdered(sse.all(), "accepted", "cluster-created", "job-started", "progress",
                    "result", "cluster-deleted", "completed");
            assertTrue(sse.names().contains("workers"), sse.names().toString());
        }
        assertEquals(1, clusters.created().size());
        assertEquals(clusters.created(), clusters.deleted());
        given().get(base.resolve("/runs/" + id)).then().statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("cluster.deleted", equalTo(true))
                .body("result.simulations", equalTo(10000));
        FaultChecks.stored(Path(), id, "COMPLETED");
    }

    // ---- admission ----------------------------------------------------------------------------------------------

    @Test
    void twoRunTwoQueueTheFifthIsRefusedAndAQueuedCancelNeverCreatesACluster() throws Exception {
        jobs.next(holdUntilReleased(), holdUntilReleased());
        String first = start("{\"seed\": 2}");
        String second = start("{\"seed\": 3}");
        await().atMost(QUICK).until(() -> jobs.started().size() == 2);

        Response queued = post("{\"seed\": 4}");
        queued.then().statusCode(202).body("state", equalTo("QUEUED")).body("queuePosition", equalTo(1));
        String cancelled = queued.path("id");
        String third = start("{\"seed\": 5}");
        given().get(base.resolve("/runs/" + third)).then().body("queuePosition", equalTo(2));

        // the queue is full: 429 with Retry-After, problem JSON, nothing created or stored
        List<String> before = given().get(base.resolve("/runs")).then().extract().path("id");
        post("{\"seed\": 6}").then().statusCode(429)
                .header("Retry-After", not(nullValue()))
                .contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("detail", containsString("waiting"));
        assertEquals(before, given().get(base.resolve("/runs")).then().extract().path("id"));
        given().get(Management.uri("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'admission' }.data.running", equalTo(2))
                .body("checks.find { it.name == 'admission' }.data.queued", equalTo(2));

        // a queued run cancelled: it leaves the queue at once, the next moves up, no cluster was ever asked for
        try (SseClient events = events(cancelled)) {
            given().delete(base.resolve("/runs/" + cancelled)).then().log().ifValidationFails().statusCode(202);
            FaultChecks.terminal(events, "cancelled", "cancelled by user", QUICK);
            assertEquals(List.of("accepted", "queued", "cancelled"), events.names(), "no cluster, no job");
        }
        given().get(base.resolve("/runs/" + cancelled)).then().body("cluster", nullValue())
                .body("timings", hasKey("QUEUED")).body("timings", not(hasKey("CREATING_CLUSTER")));
        given().delete(base.resolve("/runs/" + cancelled)).then().statusCode(409);
        given().get(base.resolve("/runs/" + third)).then().body("queuePosition", equalTo(1));
        assertEquals(2, clusters.created().size(), "the queued runs asked for no cluster");

        // the first ends: only then is the third admitted
        try (SseClient thirdEvents = events(third); SseClient firstEvents = events(first)) {
            jobs.started().get(0).release();
            SseClient.Event done = FaultChecks.terminal(firstEvents, "completed", null, QUICK);
            SseClient.Event admitted = thirdEvents.await("admitted", QUICK);
            assertFalse(java.time.Instant.parse(admitted.data().get("time").asText())
                    .isBefore(java.time.Instant.parse(done.data().get("time").asText())), "admitted after the first ended");
            FaultChecks.terminal(thirdEvents, "completed", null, QUICK);
        }
        jobs.started().get(1).release();
        awaitState(second, "COMPLETED");
        given().get(Management.uri("/q/health/ready")).then()
                .body("checks.find { it.name == 'admission' }.data.running", equalTo(0))
                .body("checks.find { it.name == 'admission' }.data.queued", equalTo(0));
    }

    // ---- cancel points ------------------------------------------------------------------------------------------

    @Test
    void cancelWhileTheClusterIsBeingCreatedDeletesItOnceCreated() throws Exception {
        clusters.createScript(CreateScript.HELD);
        String id = start("{\"seed\": 7}");
        try (SseClient sse = events(id)) {
            awaitState(id, "CREATING_CLUSTER");
            given().delete(base.resolve("/runs/" + id)).then().statusCode(202);
            // the create is never raced with the cancel: the run waits for the cluster, then deletes it
            clusters.releaseCreates();
            FaultChecks.terminal(sse, "cancelled", "cancelled by user", QUICK);
            assertFalse(sse.names().contains("job-started"), sse.names().toString());
        }
        assertEquals(clusters.created(), clusters.deleted(), "created, then deleted");
        assertTrue(jobs.started().isEmpty(), "no job for a run cancelled before its cluster");
    }

    @Test
    void cancelWhileWaitingForWorkersStopsTheJobThatStartedBesideTheWait() throws Exception {
        clusters.workersNeverCome(Duration.ofMinutes(5));
        jobs.next(ScriptedJobs.HANGS);
        String id = start("{\"seed\": 8}");
        try (SseClient sse = events(id)) {
            sse.await("job-started", QUICK);
            given().delete(base.resolve("/runs/" + id)).then().statusCode(202);
            FaultChecks.terminal(sse, "cancelled", "cancelled by user", QUICK);
            assertTrue(sse.names().contains("cluster-deleted"), sse.names().toString());
        }
        assertTrue(jobs.started().get(0).wasStopped(), "the job was stopped");
    }

    @Test
    void cancelWhileTheJobRunsStopsItAndForgedCallbacksChangeNothing() throws Exception {
        jobs.next(ScriptedJobs.HANGS);
        String id = start("{\"seed\": 9}");
        try (SseClient sse = events(id)) {
            sse.await("job-started", QUICK);
            // forged callbacks: no token 401, a wrong one 403, an unknown run as a wrong token; nothing changes
            String forged = "{\"simulations\": 10000, \"levels\": [0.05], \"var\": {\"0.05\": 1.0},"
                    + " \"expectedShortfall\": {\"0.05\": 1.0}}";
            given().contentType(ContentType.JSON).body(forged).post(base.resolve("/internal/runs/" + id + "/result"))
                    .then().statusCode(401).contentType("application/problem+json");
            given().contentType(ContentType.JSON).header("Authorization", "Bearer not-the-token").body(forged)
                    .post(base.resolve("/internal/runs/" + id + "/result")).then().statusCode(403);
            given().contentType(ContentType.JSON).header("Authorization", "Bearer forged-token-0123456789")
                    .body("{\"phase\": \"forged\", \"tasksDone\": 1, \"tasksTotal\": 2, \"percent\": 50}")
                    .post(base.resolve("/internal/runs/" + id + "/progress")).then().statusCode(403);
            given().contentType(ContentType.JSON).header("Authorization", "Bearer x").body("{}")
                    .post(base.resolve("/internal/runs/nosuchrun000/result")).then().statusCode(403);
            given().get(base.resolve("/runs/" + id)).then().body("state", equalTo("RUNNING"))
                    .body("result", nullValue());
            given().delete(base.resolve("/runs/" + id)).then().statusCode(202);
            FaultChecks.terminal(sse, "cancelled", "cancelled by user", QUICK);
            assertFalse(sse.names().contains("progress"), sse.names().toString());
        }
        assertTrue(jobs.started().get(0).wasStopped());
        // after the end, the job's own token is refused too: 409, the run is over
        ScriptedJobs.Job job = jobs.started().get(0);
        assertEquals(409, job.progress("simulating", 60));
        given().get(base.resolve("/runs/" + id)).then().body("state", equalTo("CANCELLED"));
    }

    @Test
    void aCancelAfterTheResultIsTooLateAndTheRunCompletes() throws Exception {
        jobs.next(job -> {
            job.result();
            job.awaitRelease(Duration.ofMinutes(1));
            job.exit(0);
        });
        String id = start("{\"seed\": 10}");
        try (SseClient sse = events(id)) {
            sse.await("result", QUICK);
            given().delete(base.resolve("/runs/" + id)).then().statusCode(409)
                    .body("detail", containsString("has its result already"));
            jobs.started().get(0).release();
            FaultChecks.terminal(sse, "completed", null, QUICK);
        }
    }

    @Test
    void aSubscriberLeavingDisturbsNeitherTheRunNorTheOthers() throws Exception {
        jobs.next(holdUntilReleased());
        String id = start("{\"seed\": 20}");
        try (SseClient stays = events(id)) {
            try (SseClient leaves = events(id)) {
                leaves.await("progress", QUICK);
            }
            jobs.started().get(0).release();
            FaultChecks.terminal(stays, "completed", null, QUICK);
            assertTrue(stays.names().contains("result"), stays.names().toString());
        }
    }

    // ---- failures and their reasons -----------------------------------------------------------------------------

    @Test
    void aCreateRefusedByTheBackendFailsWithoutPointlessDeletes() throws Exception {
        // a refusal that proves no cluster was made (a 4xx; a refused connection likewise): nothing to delete
        clusters.createScript(CreateScript.failing(new OshinkoException(422, "Unprocessable Entity", "scripted")));
        String id = start("{\"seed\": 11}");
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "failed", "Unprocessable Entity", QUICK);
            assertFalse(sse.names().contains("cluster-deleted"), sse.names().toString());
        }
        assertTrue(clusters.deleted().isEmpty());
        assertTrue(jobs.started().isEmpty());
    }

    @Test
    void aCreateThatTimesOutOnOurSideLeavesNoOrphan() throws Exception {
        // the backend makes the cluster 2 s after our create timeout (5 s) gave up on it; a delete asked for meanwhile
        // waits for it, as oshinko's server does
        clusters.createScript(CreateScript.HELD);
        CompletableFuture.delayedExecutor(7, TimeUnit.SECONDS).execute(clusters::releaseCreates);
        String id = start("{\"seed\": 12}");
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "failed", "was not created within 5 s", QUICK);
            assertFalse(sse.names().contains("job-started"), sse.names().toString());
        }
        assertEquals(1, clusters.created().size());
        assertEquals(clusters.created(), clusters.deleted(), "made after the timeout, and deleted by name");
        given().get(base.resolve("/runs/" + id)).then().body("cluster.deleted", equalTo(true));
    }

    @Test
    void aRequestTheServiceRefusesCreatesNothing() {
        post("{\"simulations\": 0}").then().statusCode(400).body("errors[0].field", equalTo("simulations"));
        assertTrue(clusters.created().isEmpty());
        assertTrue(jobs.started().isEmpty());
    }

    @Test
    void workersThatNeverComeFailTheRunStopTheJobAndDeleteTheCluster() throws Exception {
        clusters.workersNeverCome(Duration.ofMillis(300));
        jobs.next(ScriptedJobs.HANGS);
        String id = start("{\"seed\": 13}");
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "failed", "worker", QUICK);
            assertTrue(sse.names().contains("cluster-deleted"), sse.names().toString());
        }
        assertTrue(jobs.started().get(0).wasStopped());
    }

    @Test
    void aJobExitingNonZeroFailsWithItsOwnMessage() throws Exception {
        jobs.next(job -> {
            job.progress("loading", 10);
            job.error(3, "data file has no ticker column");
            job.exit(3);
        });
        String id = start("{\"seed\": 14}");
        try (SseClient sse = events(id)) {
            SseClient.Event end = FaultChecks.terminal(sse, "failed", "data file has no ticker column", QUICK);
            assertTrue(end.data().path("reason").asText().contains("exited with code 3"), end.data().toString());
        }
        given().get(base.resolve("/runs/" + id)).then().body("exitCode", equalTo(3));
    }

    @Test
    void aJobExitingZeroWithoutAResultFails() throws Exception {
        jobs.next(job -> job.exit(0));
        String id = start("{\"seed\": 15}");
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "failed", "reported no result", QUICK);
        }
    }

    @Test
    void aJobThatHangsIsStoppedAtTheJobTimeout() throws Exception {
        jobs.next(ScriptedJobs.HANGS);
        String id = start("{\"seed\": 16}");
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "failed", "ran longer than 8s", QUICK);
            assertTrue(sse.names().contains("cluster-deleted"), sse.names().toString());
        }
        assertTrue(jobs.started().get(0).wasStopped());
    }

    @Test
    void aDeletionThatFailsIsAWarningAndTheReaperDeletesTheClusterLater() throws Exception {
        clusters.failDeletes(5); // the run's own attempts (2) and three of the reaper's fail
        String id = start("{\"seed\": 17}");
        try (SseClient sse = events(id)) {
            sse.await("warning", QUICK);
            sse.await("completed", QUICK);
            // the stream stays open until the cluster is deleted: its last event says so
            List<String> names = sse.awaitEnd(Duration.ofSeconds(60)).stream().map(SseClient.Event::name).toList();
            assertTrue(names.indexOf("cluster-deleted") > names.indexOf("completed"), names.toString());
        }
        given().get(base.resolve("/runs/" + id)).then().body("warnings[0]", containsString("the reaper keeps trying"))
                .body("state", equalTo("COMPLETED")).body("cluster.deleted", equalTo(true));
        assertTrue(clusters.live().isEmpty());
        assertEquals(1, clusters.deleted().size(), "deleted once, after the failures: " + clusters.deleted());
        given().get(Management.uri("/q/health/ready")).then().body("checks.find { it.name == 'cluster-reaper' }"
                + ".data.clustersToDelete", equalTo(0));
    }

    // ---- the result's precedence --------------------------------------------------------------------------------

    @Test
    void aResultWinsOverANonZeroExitThatFollowsIt() throws Exception {
        jobs.next(job -> {
            job.result();
            job.error(1, "the driver crashed on its way out");
            job.exit(1);
        });
        String id = start("{\"seed\": 18}");
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "completed", null, QUICK);
        }
        given().get(base.resolve("/runs/" + id)).then().body("warnings[0]", containsString("after its result was kept"));
    }

    @Test
    void aSecondDifferentResultIsAConflictAndTheFirstIsKept() throws Exception {
        jobs.next(job -> {
            assertEquals(204, job.result());
            assertEquals(204, job.result()); // the same again: a retry after a lost reply
            job.exit(0);
        });
        String id = start("{\"seed\": 19}");
        try (SseClient sse = events(id)) {
            FaultChecks.terminal(sse, "completed", null, QUICK);
            assertEquals(1, sse.names().stream().filter("result"::equals).count(), "one result event");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static ScriptedJobs.Script holdUntilReleased() {
        return job -> {
            job.progress("simulating", 10);
            job.awaitRelease(Duration.ofMinutes(1));
            job.result();
            job.exit(0);
        };
    }

    private static java.nio.file.Path Path() {
        return java.nio.file.Path.of(FastTier.DIR);
    }

    private String start(String body) {
        return FaultChecks.start(base, body);
    }

    private Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post(base.resolve("/runs"));
    }

    private SseClient events(String id) {
        return FaultChecks.events(base, id);
    }

    private void awaitState(String id, String state) {
        await().atMost(QUICK).untilAsserted(() -> given().get(base.resolve("/runs/" + id)).then()
                .body("state", equalTo(state)));
    }
}
