package dev.sparkvar.run;

import dev.sparkvar.testing.SseClient;
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

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker wait that times out fails the run and still deletes the cluster. */
@QuarkusTest
@TestProfile(WorkerTimeoutTests.ShortWorkerWait.class)
class WorkerTimeoutTests {

    /** Workers need seconds to register; 1 s is never enough. */
    public static class ShortWorkerWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkvar.workers.timeout", "1s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    LocalClusters clusters;

    @Test
    void workerWaitTimeoutFailsTheRunAndDeletesTheCluster() throws Exception {
        String id = given().contentType("application/json").body("{\"workers\": 2}").post(base.resolve("/runs"))
                .then().statusCode(202).extract().path("id");
        try (SseClient sse = SseClient.get(base.resolve("/runs/" + id + "/events"), Map.of())) {
            String cluster = sse.await("cluster-created", Duration.ofMinutes(1)).data().get("cluster").asText();
            List<Long> pids = clusters.pids(cluster);
            sse.await("cluster-deleted", Duration.ofMinutes(1));
            SseClient.Event failed = sse.await("failed", Duration.ofSeconds(30));
            String reason = failed.data().get("reason").asText();
            assertTrue(reason.contains("worker"), reason);
            // The job starts as soon as the master answers (README, "A cold start that overlaps"); the worker
            // wait's timeout still fails the run, and the job is stopped with the cluster.
            List<Long> all = new java.util.ArrayList<>(pids);
            sse.all().stream().filter(e -> e.name().equals("job-started"))
                    .forEach(e -> all.add(e.data().get("pid").asLong()));
            RunFailureTests.assertGone(all);
        }
        given().get(base.resolve("/runs/" + id)).then().statusCode(200)
                .body("state", equalTo("FAILED")).body("cluster.deleted", equalTo(true));
    }
}
