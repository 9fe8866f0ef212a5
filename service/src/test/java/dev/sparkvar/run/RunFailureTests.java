package dev.sparkvar.run;

import dev.sparkvar.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real job that fails ends its run cleanly: the job's own message and exit code in the {@code failed} event, the
 * record and the log, and its JVM gone. The job runs on {@code local[2]} ({@code "mode": "local"}): a cluster adds
 * nothing to this claim, and the cluster's deletion after a failure is proven with real processes by the fault
 * matrix ({@code FaultMatrixTests}) and for every failure reason by the fast tier ({@code FastRunFlowTests}).
 */
@QuarkusTest
class RunFailureTests {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aRealJobExitingNonZeroFailsTheRunWithItsMessageAndLeavesNoJvm() throws Exception {
        Path datasets = Files.createDirectories(Path.of("target/test-datasets"));
        Files.writeString(datasets.resolve("no-close.csv"), "ticker,date,price\nAAA,2020-01-02,10.5\nAAA,2020-01-03,11\n");

        String id = start("{\"data\": \"no-close.csv\", \"mode\": \"local\"}");
        try (SseClient sse = SseClient.get(base.resolve("/runs/" + id + "/events"), Map.of())) {
            long job = sse.await("job-started", Duration.ofMinutes(2)).data().get("pid").asLong();
            SseClient.Event failed = sse.await("failed", Duration.ofMinutes(1));
            assertTrue(failed.data().get("reason").asText().contains("close"), failed.data().toString());
            assertTrue(failed.data().get("reason").asText().contains("code 2"), failed.data().toString());
            assertGone(List.of(job));
        }
        given().get(base.resolve("/runs/" + id)).then().statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("exitCode", equalTo(2))
                .body("cluster", nullValue());
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
