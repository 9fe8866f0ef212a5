package dev.sparkvar.run;

import dev.sparkvar.testing.Management;
import dev.sparkvar.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission control with real runs on the embedded default, one run at a time and one waiting: a second run is
 * {@code QUEUED} at position 1 and starts once the first has ended; a queued run cancelled ends {@code cancelled}
 * without a cluster and gives up its place; a run beyond the queue gets 429 with {@code Retry-After} and problem
 * JSON, and nothing of it is created or stored.
 */
@QuarkusTest
@TestProfile(AdmissionTests.OneAtATime.class)
class AdmissionTests {

    static final Path DIR = Path.of("target/admission-test-runs");
    /** Small and quick: the job in local[*] inside its own JVM, no cluster (as RunApiTests). */
    static final String LOCAL_RUN = "{\"mode\": \"local\", \"simulations\": 2000, \"horizonDays\": 2, \"seed\": 5}";
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    /** One run at a time, one waiting. */
    public static class OneAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkvar.admission.max-running", "1", "sparkvar.admission.queue-size", "1",
                    "sparkvar.runs.dir", DIR.toString(), "sparkvar.ownership.dir", DIR.resolve(".owned").toString());
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aSecondRunQueuesAThirdIsRefusedAndAQueuedCancelNeverCreatesACluster() throws Exception {
        List<Long> pids = new ArrayList<>();
        // the first run takes the only slot (a larger local run, so that it is still running while we queue)
        String first = FaultChecks.start(base, "{\"mode\": \"local\", \"simulations\": 10000, \"seed\": 5}");
        try (SseClient firstEvents = FaultChecks.events(base, first)) {
            // an ephemeral run waits: cancelled there, it never asks for a cluster
            Response queued = post("{\"simulations\": 1000, \"seed\": 5}");
            queued.then().statusCode(202).body("state", equalTo("QUEUED")).body("queuePosition", equalTo(1));
            String cancelled = queued.path("id");
            try (SseClient events = FaultChecks.events(base, cancelled)) {
                SseClient.Event position = events.await("queued", Duration.ofSeconds(10));
                assertEquals(1, position.data().get("position").asInt());
                given().delete(base.resolve("/runs/" + cancelled)).then().statusCode(202);
                FaultChecks.terminal(events, "cancelled", "cancelled by user", Duration.ofSeconds(30));
                assertEquals(List.of("accepted", "queued", "cancelled"), events.names(), "no cluster, no job");
            }
            given().get(base.resolve("/runs/" + cancelled)).then().statusCode(200)
                    .body("state", equalTo("CANCELLED"))
                    .body("cluster", org.hamcrest.Matchers.nullValue())
                    .body("timings", org.hamcrest.Matchers.hasKey("QUEUED"))
                    .body("timings", not(org.hamcrest.Matchers.hasKey("CREATING_CLUSTER")));
            given().delete(base.resolve("/runs/" + cancelled)).then().statusCode(409);

            // its place is free again: the next run is first in the queue, not second, and not refused
            Response second = post(LOCAL_RUN);
            second.then().statusCode(202).body("state", equalTo("QUEUED")).body("queuePosition", equalTo(1));
            String secondId = second.path("id");
            assertEquals("RUNNING", state(first), "the first run still holds the slot");

            // the queue is full: 429, Retry-After = 1 queued x 60 s / 1 running, problem JSON, nothing created
            List<String> runsBefore = given().get(base.resolve("/runs")).then().extract().path("id");
            List<String> dirsBefore = runDirs();
            given().contentType(ContentType.JSON).body(LOCAL_RUN).post(base.resolve("/runs"))
                    .then().statusCode(429)
                    .header("Retry-After", "60")
                    .contentType("application/problem+json")
                    .body("status", equalTo(429))
                    .body("title", equalTo("Too Many Requests"))
                    .body("detail", org.hamcrest.Matchers.containsString("waiting"));
            assertEquals(runsBefore, given().get(base.resolve("/runs")).then().extract().path("id"));
            assertEquals(dirsBefore, runDirs(), "no run folder for a refused run");
            given().get(Management.uri("/q/health/ready")).then().statusCode(200)
                    .body("checks.find { it.name == 'admission' }.data.running", equalTo(1))
                    .body("checks.find { it.name == 'admission' }.data.queued", equalTo(1))
                    .body("checks.find { it.name == 'admission' }.data.maxRunning", equalTo(1));

            // the first run ends; only then is the second admitted, and it completes
            try (SseClient secondEvents = FaultChecks.events(base, secondId)) {
                SseClient.Event firstDone = FaultChecks.terminal(firstEvents, "completed", null, RUN_TIMEOUT);
                SseClient.Event admitted = secondEvents.await("admitted", Duration.ofSeconds(30));
                assertFalse(Instant.parse(admitted.data().get("time").asText())
                        .isBefore(Instant.parse(firstDone.data().get("time").asText())), "admitted after the first ended");
                FaultChecks.terminal(secondEvents, "completed", null, RUN_TIMEOUT);
                RunEndToEndTests.assertOrdered(secondEvents.all(), "accepted", "queued", "admitted", "job-started",
                        "result", "completed");
                assertEquals(1, secondEvents.names().stream().filter("queued"::equals).count(), "position 1 once");
            }
            pids.add(given().get(base.resolve("/runs/" + first)).then().extract().<Number>path("jobPid").longValue());
            pids.add(given().get(base.resolve("/runs/" + secondId)).then().body("state", equalTo("COMPLETED"))
                    .body("timings", org.hamcrest.Matchers.hasKey("QUEUED"))
                    .extract().<Number>path("jobPid").longValue());
        }
        FaultChecks.gone(pids);
        given().get(Management.uri("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'admission' }.data.running", equalTo(0))
                .body("checks.find { it.name == 'admission' }.data.queued", equalTo(0));
        given().get(base.resolve("/runs")).then().body("state", not(hasItem("QUEUED")));
        assertNull(given().get(base.resolve("/runs/" + first)).then().extract().path("queuePosition"));
        assertTrue(FaultChecks.stored(DIR, first, "COMPLETED").has("timings"));
    }

    private Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post(base.resolve("/runs"));
    }

    private String state(String id) {
        return given().get(base.resolve("/runs/" + id)).then().extract().path("state");
    }

    private static List<String> runDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(DIR)) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList();
        }
    }
}
