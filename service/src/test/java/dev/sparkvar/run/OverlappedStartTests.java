package dev.sparkvar.run;

import dev.sparkvar.local.LocalClusters;
import dev.sparkvar.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cold run on the embedded default starts its job as soon as the master answers, while its two workers still
 * register (real Master, Worker and job JVMs): {@code job-started} comes before the {@code workers} event that
 * reports them all up, and the run completes on the executors that join later (its simulations need executors, so
 * the job cannot end before a worker registered, and the two register together).
 */
@QuarkusTest
class OverlappedStartTests {

    @TestHTTPResource("/")
    URI base;

    @Inject
    LocalClusters clusters;

    @Test
    void theJobStartsBeforeItsWorkersAreAllUp() throws Exception {
        String runId;
        String cluster;
        try (SseClient sse = SseClient.post(base.resolve("/runs"),
                "{\"workers\": 2, \"simulations\": 20000, \"seed\": 20261206}")) {
            assertEquals(200, sse.status());
            runId = sse.await("accepted", Duration.ofSeconds(10)).data().get("id").asText();
            cluster = sse.await("cluster-created", Duration.ofMinutes(1)).data().get("cluster").asText();
            sse.await("completed", Duration.ofMinutes(8)); // generous: a loaded 2-core machine
            List<SseClient.Event> all = sse.awaitEnd(Duration.ofSeconds(10));
            List<String> names = all.stream().map(SseClient.Event::name).toList();
            int started = names.indexOf("job-started");
            int allUp = -1;
            for (int i = 0; i < all.size(); i++) {
                SseClient.Event e = all.get(i);
                if (e.name().equals("workers") && e.data().get("alive").asInt() == 2
                        && e.data().get("desired").asInt() == 2) {
                    allUp = i;
                    break;
                }
            }
            assertTrue(started > names.indexOf("cluster-created"), names.toString());
            assertTrue(allUp > 0, "the workers event with 2 of 2 alive: " + names);
            assertTrue(started < allUp, "job-started before the workers were all up: " + names);
        }
        assertTrue(clusters.pids(cluster).isEmpty(), "the cluster's processes are gone");
        given().get(base.resolve("/runs/" + runId)).then().statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("cluster.deleted", equalTo(true));
    }
}
