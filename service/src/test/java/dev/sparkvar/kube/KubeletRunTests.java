package dev.sparkvar.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkvar.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One real run on the Kubernetes-native backend, end to end: the adapter makes the cluster's objects in the API
 * mock, the {@link Kubelet} harness runs their pods (the Spark image's launch.sh: a real master and worker, with
 * the Secret's value in their environment), the service's driver connects to that master with the secret it kept,
 * its executor runs on the harness's worker, and the run's end deletes the anchor, after which the harness's
 * garbage collector leaves no object and no process.
 */
@QuarkusTest
@TestProfile(KubeBackendTests.NativeBackend.class)
class KubeletRunTests {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @TestHTTPResource("/")
    URI base;

    @Test
    void aRunStreamsFromAcceptedToCompletedOnTheNativeBackend() throws Exception {
        Kubelet kubelet = KubeMockResource.kubelet;
        Set<Long> pids = new HashSet<>();
        String runId;
        String cluster;
        long t0 = System.nanoTime();
        // "default" is not elastic: the elastic loop leaves this cluster at one worker
        try (SseClient sse = SseClient.post(base.resolve("/runs"),
                "{\"seed\": 20261206, \"simulations\": 2000, \"clusterConfig\": \"default\", \"workers\": 1}")) {
            assertEquals(200, sse.status());
            runId = sse.await("accepted", Duration.ofSeconds(10)).data().get("id").asText();
            SseClient.Event created = sse.await("cluster-created", Duration.ofMinutes(1));
            cluster = created.data().get("cluster").asText();
            assertEquals(kubelet.address(cluster).url(), created.data().get("masterUrl").asText(),
                    "the driver is sent to the master the harness runs");
            KubeBackendTests.objects(cluster).forEach(o -> System.out.println("kube object of " + cluster + ": " + o));

            SseClient.Event started = sse.await("job-started", Duration.ofMinutes(1));
            pids.add(started.data().get("pid").asLong());
            assertEquals(kubelet.address(cluster).url(), started.data().get("masterUrl").asText());
            sse.await(e -> e.name().equals("workers") && e.data().get("alive").asInt() >= 1, Duration.ofMinutes(2));
            JsonNode result = sse.await("result", RUN_TIMEOUT).data();
            assertTrue(result.has("var"), result.toString());
            sse.await(e -> e.name().equals("cluster-deleted") && e.data().get("cluster").asText().equals(cluster),
                    Duration.ofMinutes(1));
            sse.await("completed", Duration.ofMinutes(1));
            List<String> names = sse.awaitEnd(Duration.ofSeconds(10)).stream().map(SseClient.Event::name).toList();
            assertOrdered(names, "accepted", "cluster-created", "job-started", "result", "cluster-deleted",
                    "completed");
            assertOrdered(names, "cluster-created", "workers", "result");
        }
        System.out.printf("kube: run %s on the native backend, POST to completed in %.1f s%n", runId,
                (System.nanoTime() - t0) / 1e9);
        given().get(base.resolve("/runs/" + runId)).then().statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("exitCode", equalTo(0))
                .body("cluster.deleted", equalTo(true))
                .body("result.simulations", equalTo(2000));

        // the executor ran on the harness's worker: Spark's worker wrote its folder for the application there
        List<Path> workers = kubelet.podDirs(cluster, "worker");
        assertEquals(1, workers.size(), "one worker pod ran: " + workers);
        assertTrue(executorLogs(workers.get(0)) > 0, "an executor ran under " + workers.get(0).resolve("work"));

        // the run deleted the anchor; the harness collected what it owned and stopped master, worker, executor
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertEquals(List.of(), KubeBackendTests.objects(cluster)));
        pids.addAll(kubelet.pids(cluster));
        assertTrue(pids.size() >= 4, "driver, master, worker and executor: " + pids);
        KubeBackendTests.assertAllGone(pids);
        // and nothing the harness ever started runs any more (the other tests' clusters, the earlier life's)
        KubeBackendTests.assertAllGone(kubelet.allPids());
    }

    /** The executors' stderr files under a worker pod's work folder ({@code work/app-.../<n>/stderr}). */
    private static long executorLogs(Path workerPod) {
        Path work = workerPod.resolve("work");
        if (!Files.isDirectory(work)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(work)) {
            return files.filter(f -> f.getFileName().toString().equals("stderr")
                    && f.getParent().getParent().getFileName().toString().startsWith("app-")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertOrdered(List<String> seen, String... names) {
        int from = 0;
        for (String name : names) {
            int at = seen.subList(from, seen.size()).indexOf(name);
            assertTrue(at >= 0, name + " after position " + from + " in " + seen);
            from += at;
        }
    }
}
