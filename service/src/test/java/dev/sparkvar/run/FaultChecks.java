package dev.sparkvar.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.local.FaultyAddresses;
import dev.sparkvar.testing.FaultProxy;
import dev.sparkvar.testing.SseClient;
import io.restassured.http.ContentType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every fault case checks once the dust settles: the run's terminal state and a reason that names the fault,
 * its stream ended, every PID started for it gone (by PID, within a stated time), no cluster folder left, and
 * {@code run.json} on disk holding the final state.
 */
final class FaultChecks {

    /** The longest a fault may take to be cleaned up after it is detected. */
    static final Duration CLEANUP = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultChecks() {
    }

    /**
     * No fault armed: oshinko and Graphite answer. The proxy's target stays the one {@link FaultyAddresses} set from
     * the server's own port ({@code @TestHTTPResource} URIs may carry no port).
     */
    static void noFaults(FaultProxy proxy) {
        proxy.reset();
        FaultyAddresses.graphiteDown = false;
        FaultyAddresses.oshinkoDown = false;
    }

    /** Starts a run with {@code body}; its id. */
    static String start(URI base, String body) {
        return given().contentType(ContentType.JSON).body(body).post(base.resolve("/runs"))
                .then().statusCode(202).extract().path("id");
    }

    /** The run's event stream. */
    static SseClient events(URI base, String id) {
        return SseClient.get(base.resolve("/runs/" + id + "/events"), Map.of());
    }

    /** The terminal event of the stream, which must then end; its reason contains {@code reasonPart} (null: none). */
    static SseClient.Event terminal(SseClient sse, String state, String reasonPart, Duration within)
            throws InterruptedException {
        SseClient.Event end = sse.await(state, within);
        List<SseClient.Event> rest = sse.awaitEnd(CLEANUP);
        assertTrue(rest.stream().noneMatch(e -> List.of("completed", "failed", "cancelled").contains(e.name())
                && e.id() > end.id()), "one terminal event only: " + sse.names());
        if (reasonPart != null) {
            String reason = end.data().path("reason").asText();
            assertTrue(reason.contains(reasonPart), "reason '" + reason + "' should name the fault: " + reasonPart);
        }
        return end;
    }

    /** Every PID is gone within {@link #CLEANUP}; returns the seconds that took. */
    static double gone(Collection<Long> pids) {
        assertFalse(pids.isEmpty(), "no PID recorded");
        long start = System.nanoTime();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(CLEANUP.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(e -> p).join());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** No folder of {@code cluster} is left under the local backend's work folder. */
    static void noClusterFolder(Path workDir, String cluster) throws IOException {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        await().atMost(CLEANUP).untilAsserted(() -> {
            try (Stream<Path> dirs = Files.list(workDir)) {
                List<Path> left = dirs.filter(d -> d.getFileName().toString().startsWith(cluster + "-")).toList();
                assertTrue(left.isEmpty(), "cluster folders left: " + left);
            }
        });
    }

    /** A line for the README's fault table: seconds from the fault to the end of the run's stream, and to no PID. */
    static void report(String fault, long injectedNanos, double goneSeconds) {
        double ended = (System.nanoTime() - injectedNanos) / 1e9;
        System.out.printf("fault-matrix | %s | stream ended %.1f s after the fault | every PID gone %.1f s later%n",
                fault, ended, goneSeconds);
    }

    /** {@code run.json} on disk ends in {@code state} (the store writes in the background: waits a little). */
    static JsonNode stored(Path runsDir, String id, String state) {
        Path file = runsDir.resolve(id).resolve("run.json");
        JsonNode[] node = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            node[0] = JSON.readTree(file.toFile()).get("run");
            assertEquals(state, node[0].get("state").asText());
        });
        return node[0];
    }

    /**
     * Waits until the cluster's workers are all up and the job has reported progress: the job starts as soon as the
     * master answers (README, "A cold start that overlaps"), so its first progress may come before its workers.
     */
    static void workersUpAndProgress(SseClient sse) throws InterruptedException {
        sse.await(e -> e.name().equals("workers")
                && e.data().get("alive").asInt() >= e.data().get("desired").asInt(), Duration.ofMinutes(3));
        if (!sse.names().contains("progress")) {
            sse.await("progress", Duration.ofMinutes(3));
        }
    }
}
