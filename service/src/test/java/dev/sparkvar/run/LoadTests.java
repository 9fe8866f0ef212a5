package dev.sparkvar.run;

import dev.sparkvar.testing.Management;
import dev.sparkvar.testing.TestAccess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.testing.SseTally;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import dev.sparkvar.testing.FastTier;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load checks, shortened (the full figures: {@code service/bench/guard-load.sh}): six concurrent
 * {@code POST /runs} with two running and two waiting at most: two run, two queue, two get 429; every admitted run
 * completes, no JVM is left, and {@code GET /runs} answers within {@link #RESPONSIVE} throughout. Meanwhile 200 SSE
 * subscribers on one queued run each receive every one of its events exactly once, in order.
 */
@QuarkusTest
@TestProfile(FastTier.class)
class LoadTests {

    /** Generous: on this 2-core machine the service, the jobs' callbacks and the test's 200 streams share the cores. */
    static final Duration RESPONSIVE = Duration.ofSeconds(5);
    static final int SUBSCRIBERS = 200;
    static final String RUN = "{\"simulations\": 2000, \"horizonDays\": 2, \"seed\": 5}";

    /**
     * In the fast tier since issue 20 (the admission and streaming rules are the service's, not Spark's): each job
     * reports progress 20 times over about 2 s, so that runs overlap, the queue moves and the streams carry traffic.
     */
    static final ScriptedJobs.Script BUSY = job -> {
        for (int p = 5; p <= 100; p += 5) {
            job.progress("simulating", p);
            Thread.sleep(100);
        }
        job.result();
        job.exit(0);
    };

    @Inject
    ScriptedJobs jobs;

    @BeforeEach
    void busyJobs() {
        jobs.reset();
        jobs.next(BUSY, BUSY, BUSY, BUSY);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URI base;

    @Test
    void sixAtOnceTwoRunTwoQueueTwoAreRefusedAndTheServiceStaysResponsive() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(base.resolve("/runs")).header("Content-Type", "application/json")
                .header("Authorization", TestAccess.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(RUN)).build();
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            posts.add(HTTP.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
        }
        List<String> admitted = new ArrayList<>();
        List<String> queued = new ArrayList<>();
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> f : posts) {
            HttpResponse<String> r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() == 429) {
                refused++;
                assertTrue(r.headers().firstValue("Retry-After").orElse("").matches("[1-9][0-9]*"), r.headers().toString());
                assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
                assertEquals(429, body.get("status").asInt());
            } else {
                assertEquals(202, r.statusCode(), r.body());
                (body.get("state").asText().equals("QUEUED") ? queued : admitted).add(body.get("id").asText());
            }
        }
        assertEquals(2, admitted.size(), "admitted at once");
        assertEquals(2, queued.size(), "queued");
        assertEquals(2, refused, "refused with 429");

        // 200 subscribers on the run that waits longest: accepted, its queue moves, then the whole run
        String watched = queued.stream().max((a, b) -> Integer.compare(position(a), position(b))).orElseThrow();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> pollList(latencies, polling), "test-get-runs");
        poller.setDaemon(true);
        poller.start();
        try (SseTally tally = SseTally.open(base.resolve("/runs/" + watched + "/events"), SUBSCRIBERS)) {
            tally.awaitConnected(Duration.ofSeconds(60));
            tally.awaitEnded(Duration.ofMinutes(6));
            assertTrue(tally.statuses().stream().allMatch(s -> s == 200), "every stream answered 200");
            long last = given().get(base.resolve("/runs/" + watched)).then().body("state", equalTo("COMPLETED"))
                    .extract().<Number>path("lastEventId").longValue();
            List<Long> every = LongStream.rangeClosed(1, last).boxed().toList();
            List<String> names = tally.subscribers().get(0).names();
            for (SseTally.Subscriber s : tally.subscribers()) {
                assertEquals(every, s.ids(), "every event once, in order");
                assertEquals(names, s.names());
            }
            assertEquals("accepted", names.get(0));
            assertEquals("completed", names.get(names.size() - 1));
            assertTrue(names.containsAll(List.of("queued", "admitted", "job-started", "result")), names.toString());
        }

        List<String> ran = new ArrayList<>(admitted);
        ran.addAll(queued);
        for (String id : ran) {
            await().atMost(Duration.ofMinutes(2)).until(() -> !"RUNNING".equals(state(id))
                    && !"QUEUED".equals(state(id)) && !"ACCEPTED".equals(state(id)));
            given().get(base.resolve("/runs/" + id)).then().body("state", equalTo("COMPLETED"));
        }
        polling.set(false);
        poller.join(10_000);
        assertEquals(4, jobs.started().size(), "a job for each admitted run, none for a refused one");
        jobs.started().forEach(job -> assertTrue(!job.isAlive(), "job of " + job.runId() + " still running"));
        long worst = latencies.stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("GET /runs: %d calls during the load, worst %d ms%n", latencies.size(), worst);
        assertTrue(latencies.size() > 10, "polled throughout: " + latencies.size());
        assertTrue(worst < RESPONSIVE.toMillis(), "GET /runs took " + worst + " ms");
        given().get(Management.uri("/q/health/ready")).then()
                .body("checks.find { it.name == 'admission' }.data.running", equalTo(0))
                .body("checks.find { it.name == 'admission' }.data.queued", equalTo(0));
    }

    private int position(String id) {
        Integer p = given().get(base.resolve("/runs/" + id)).then().extract().path("queuePosition");
        return p == null ? 0 : p;
    }

    private String state(String id) {
        return given().get(base.resolve("/runs/" + id)).then().extract().path("state");
    }

    private void pollList(List<Long> latencies, AtomicBoolean polling) {
        HttpRequest list = HttpRequest.newBuilder(base.resolve("/runs")).timeout(Duration.ofSeconds(30))
                .header("Authorization", TestAccess.authorization()).GET().build();
        while (polling.get()) {
            long start = System.nanoTime();
            try {
                HttpResponse<Void> r = HTTP.send(list, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                }
                Thread.sleep(250);
            } catch (Exception e) {
                latencies.add(Long.MAX_VALUE); // a failed or timed-out call counts as unresponsive
            }
        }
    }
}
