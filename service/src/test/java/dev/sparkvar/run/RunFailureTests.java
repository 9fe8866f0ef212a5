package dev.sparkvar.run;

import dev.sparkvar.testing.SseClient;
import dev.sparkvar.local.LocalClusters;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs that fail or are cancelled still end cleanly: a terminal event, the cluster deleted, no JVM left. */
@QuarkusTest
class RunFailureTests {

    @TestHTTPResource("/")
    URI base;

    @Inject
    LocalClusters clusters;

    @Test
    void jobExitingNonZeroFailsTheRunWithItsMessageAndDeletesTheCluster() throws Exception {
        Path datasets = Files.createDirectories(Path.of("target/test-datasets"));
        Files.writeString(datasets.resolve("no-close.csv"), "ticker,date,price\nAAA,2020-01-02,10.5\nAAA,2020-01-03,11\n");

        String id = start("{\"data\": \"no-close.csv\"}");
        try (SseClient sse = SseClient.get(base.resolve("/runs/" + id + "/events"), Map.of())) {
            String cluster = sse.await("cluster-created", Duration.ofMinutes(1)).data().get("cluster").asText();
            List<Long> pids = new ArrayList<>(clusters.pids(cluster));
            pids.add(sse.await("job-started", Duration.ofMinutes(2)).data().get("pid").asLong());
            sse.await("cluster-deleted", Duration.ofMinutes(2));
            SseClient.Event failed = sse.await("failed", Duration.ofMinutes(1));
            assertTrue(failed.data().get("reason").asText().contains("close"), failed.data().toString());
            assertTrue(failed.data().get("reason").asText().contains("code 2"), failed.data().toString());
            assertGone(pids);
        }
        given().get(base.resolve("/runs/" + id)).then().statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("exitCode", equalTo(2))
                .body("cluster.deleted", equalTo(true));
        given().get(base.resolve("/runs/" + id + "/log")).then().statusCode(200)
                .body(containsString("close"));
    }

    private String start(String body) {
        return given().contentType(ContentType.JSON).body(body).post(base.resolve("/runs"))
                .then().statusCode(202).header("Location", containsString("/runs/"))
                .extract().path("id");
    }

    static void assertGone(List<Long> pids) {
        assertFalse(pids.isEmpty());
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(20, TimeUnit.SECONDS).join());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left");
        }
    }
}
