package dev.sparkvar.observe;

import dev.sparkvar.testing.Management;
import dev.sparkvar.testing.SseClient;
import dev.sparkvar.testing.TestAccess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: the management port's Prometheus scrape, during and after a real run on the embedded default (a local
 * cluster of real Spark JVMs, the real job JVM): the numbers move as the run does. The public port has no
 * {@code /q/metrics}. Deltas, not absolute values: other tests may have run in this JVM before.
 */
@QuarkusTest
class MetricsTests {

    @TestHTTPResource("/")
    URI base;

    /** One sample of a scrape: {@code name{labels} value}. */
    record Sample(String name, String labels, double value) {
    }

    static List<Sample> scrape() {
        String text = given().header(TestAccess.ANONYMOUS, "yes").get(Management.uri("/q/metrics")).then()
                .statusCode(200).extract().asString();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
            String labels = brace < 0 ? "" : line.substring(brace + 1, line.lastIndexOf('}'));
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return samples;
    }

    /** The sum of {@code name}'s samples carrying every label {@code k="v"} given (pairs); 0 when none. */
    static double value(List<Sample> samples, String name, String... labelPairs) {
        double sum = 0;
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                all &= s.labels().contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"");
            }
            if (all) {
                sum += s.value();
            }
        }
        return sum;
    }

    @Test
    void aRealRunMovesTheNumbers() throws Exception {
        List<Sample> before = scrape();
        try (SseClient sse = SseClient.post(base.resolve("/runs"), "{\"simulations\": 20000, \"seed\": 21}")) {
            sse.await("accepted", Duration.ofSeconds(10));
            sse.await("job-started", Duration.ofMinutes(3));
            List<Sample> during = scrape();
            assertTrue(value(during, "sparkvar_runs", "state", "running") >= 1, "a run is running");
            assertTrue(value(during, "sparkvar_admission_running") >= 1, "it holds a slot");
            assertEquals(0, value(during, "sparkvar_admission_queue_length"), "nobody waits");
            assertTrue(value(during, "sparkvar_sse_subscribers") >= value(before, "sparkvar_sse_subscribers") + 1,
                    "this test's stream is a subscriber");
            assertTrue(value(during, "sparkvar_clusters_held", "backend", "local") >= 1, "its cluster is held");
            // the job starts as soon as the master answers (issue 19): the cluster is ready a moment later
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertDelta(
                    before, scrape(), 1, "sparkvar_cluster_ready_seconds_count", "backend", "local", "outcome", "ready"));
            assertDelta(before, during, 1, "sparkvar_cluster_requests_total", "operation", "create", "outcome", "ok");
            assertDelta(before, during, 1, "sparkvar_admission_wait_seconds_count", "mode", "ephemeral");
            assertDelta(before, during, 0, "sparkvar_runs_finished_total");
            // the page's health strip reads the same numbers (role user)
            given().get(base.resolve("/status")).then().statusCode(200)
                    .body("running", greaterThanOrEqualTo(1)).body("queued", equalTo(0))
                    .body("clustersHeld", greaterThanOrEqualTo(1))
                    .body("poolSize", equalTo(0)).body("poolReady", equalTo(0)); // no pool in tests
            given().header(TestAccess.ANONYMOUS, "yes").get(base.resolve("/status")).then().statusCode(401);
            sse.await("completed", Duration.ofMinutes(4));
            sse.awaitEnd(Duration.ofSeconds(30));
        }
        // the stream's end reaches the server a moment after ours: the gauges settle within seconds
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Sample> now = scrape();
            assertEquals(value(before, "sparkvar_sse_subscribers"), value(now, "sparkvar_sse_subscribers"));
            assertEquals(value(before, "sparkvar_admission_running"), value(now, "sparkvar_admission_running"));
        });
        List<Sample> after = scrape();
        assertDelta(before, after, 1, "sparkvar_runs_finished_total", "outcome", "completed");
        assertDelta(before, after, 0, "sparkvar_runs_finished_total", "outcome", "failed");
        assertDelta(before, after, 1, "sparkvar_run_duration_seconds_count", "outcome", "completed", "mode", "ephemeral");
        assertDelta(before, after, 1, "sparkvar_run_result_seconds_count", "mode", "ephemeral");
        assertDelta(before, after, 1, "sparkvar_cluster_requests_total", "operation", "delete", "outcome", "ok");
        assertEquals(value(before, "sparkvar_clusters_held"), value(after, "sparkvar_clusters_held"), "cluster given back");
        assertEquals(0, value(after, "sparkvar_runs", "state", "running"));
        assertEquals(0, value(after, "sparkvar_reaper_backlog"));
        assertTrue(value(after, "sparkvar_run_duration_seconds_sum", "outcome", "completed")
                > value(before, "sparkvar_run_duration_seconds_sum", "outcome", "completed"), "time was added");
        // the extension's own meters are there too: JVM and HTTP server
        assertTrue(value(after, "jvm_threads_live_threads") > 0);
        // (any uri: the extension stops adding uri tags after 100 of them, which the access tests' spellings reach)
        assertTrue(value(after, "http_server_requests_seconds_count") >= 1);
        // no run id, no cluster name as a label: the series do not grow with the runs
        for (Sample s : after) {
            assertTrue(!s.labels().contains("cluster-") && !s.labels().contains("run-"), "a per-run label: " + s);
        }
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        given().header(TestAccess.ANONYMOUS, "yes").get(Management.uri("/q/health/ready")).then().statusCode(200)
                .body(containsString("admission"));
        given().header(TestAccess.ANONYMOUS, "yes").get(Management.uri("/q/metrics")).then().statusCode(200)
                .body(containsString("sparkvar_runs{state=\"running\"}"))
                .body(containsString("sparkvar_runs_finished_total{outcome=\"completed\"}"))
                // no warm pool in tests but PoolTests (pool/PoolTests checks a ready slot)
                .body(containsString("\nsparkvar_pool_size 0")).body(containsString("sparkvar_pool_slots{state=\"ready\"} 0"))
                .body(containsString("sparkvar_pool_slots{state=\"filling\"} 0"));
        given().get(base.resolve("/q/metrics")).then().statusCode(404);
        given().header(TestAccess.ANONYMOUS, "yes").get(base.resolve("/q/metrics")).then().statusCode(401);
        given().get(base.resolve("/q/health/ready")).then().statusCode(404);
    }

    private static void assertDelta(List<Sample> from, List<Sample> to, double delta, String name, String... labels) {
        assertEquals(delta, value(to, name, labels) - value(from, name, labels), name + " " + String.join(",", labels));
    }
}
