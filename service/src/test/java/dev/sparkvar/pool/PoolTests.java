package dev.sparkvar.pool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkvar.local.LocalClusters;
import dev.sparkvar.testing.Scrape;
import dev.sparkvar.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm pool with real processes on the embedded default (issue 19): a pooled run completes with the digits of a
 * cold run of the same seed and leaves nothing of its slot; the pool refills; an idle slot is retired (its job and
 * cluster gone) and replaced; a slot whose job is killed is retired at the next check and replaced; readiness shows
 * the pool.
 * <p>
 * A fill (a cluster whose worker registered plus a job JVM that has warmed up) is the expensive part, so the cases run
 * in an order where each takes the slot the previous one left filling: the killed job's replacement is the slot the
 * pooled run takes, whose refill is the slot that goes idle. Three fills in all, and the cold run of the digit check
 * runs beside the pooled one.
 */
@QuarkusTest
@TestProfile(PoolTests.PoolOn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolTests {

    static final long SEED = 20261206L;
    static final Duration FILL = Duration.ofMinutes(8); // a fill is ~25 s on a quiet 2-core machine, minutes under load
    static final Duration IDLE = Duration.ofSeconds(12); // the pooled case takes its slot within a second of ready

    /** One slot; a short idle time so that retirement is seen; two runs at once, as derived on 2 cores. */
    public static class PoolOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkvar.pool.size", "1", "sparkvar.pool.idle-time", IDLE.toSeconds() + "s",
                    "sparkvar.pool.retry-delay", "2s", "sparkvar.admission.max-running", "2");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    WarmPool pool;

    @Inject
    LocalClusters clusters;

    @ConfigProperty(name = "sparkvar.pool.dir")
    Path poolDir;

    @Test
    @Order(2)
    void aPooledRunCompletesWithTheColdRunsDigitsAndThePoolRefills() throws Exception {
        WarmPool.SlotView slot = awaitSlot(s -> s.ready(), FILL);
        List<Long> slotPids = new ArrayList<>(clusters.pids(slot.cluster()));
        slotPids.add(slot.jobPid());
        JsonNode health = readiness();
        assertEquals(1, health.get("size").asInt(), health.toString());
        assertEquals(1, health.get("ready").asInt(), health.toString());
        // the same on the management port's scrape (observe/PoolMetrics): one place, its slot ready, none filling
        List<Scrape.Sample> samples = Scrape.now();
        assertEquals(1, Scrape.value(samples, "sparkvar_pool_size"), samples.toString());
        assertEquals(1, Scrape.value(samples, "sparkvar_pool_slots", "state", "ready"), samples.toString());
        assertEquals(0, Scrape.value(samples, "sparkvar_pool_slots", "state", "filling"), samples.toString());
        // and on the page's health strip (GET /status, role user)
        given().get(base.resolve("/status")).then().statusCode(200)
                .body("poolSize", org.hamcrest.Matchers.equalTo(1)).body("poolReady", org.hamcrest.Matchers.equalTo(1));

        JsonNode pooled;
        JsonNode cold;
        try (SseClient sse = SseClient.post(base.resolve("/runs"), "{\"seed\": " + SEED + "}")) {
            SseClient.Event from = sse.await("pool-slot", Duration.ofSeconds(30));
            assertEquals(slot.id(), from.data().get("slot").asText());
            assertEquals(slot.cluster(), from.data().get("cluster").asText());
            assertTrue(from.data().get("readySeconds").asDouble() >= 0, from.toString());
            assertTrue(from.data().get("waitedSeconds").asDouble() < 10, from.toString());
            SseClient.Event started = sse.await("job-started", Duration.ofSeconds(30));
            assertEquals(slot.jobPid(), started.data().get("pid").asLong(), "the slot's job runs the run");
            // the same request cold, beside it (an explicit worker count never takes a slot): the same digits
            try (SseClient coldSse = SseClient.post(base.resolve("/runs"), "{\"seed\": " + SEED + ", \"workers\": 1}")) {
                pooled = sse.await("result", Duration.ofMinutes(2)).data();
                sse.await("completed", Duration.ofMinutes(1));
                List<String> names = sse.awaitEnd(Duration.ofSeconds(10)).stream().map(SseClient.Event::name).toList();
                assertTrue(names.indexOf("cluster-deleted") > names.indexOf("result"), names.toString());
                assertFalse(names.contains("failed"), names.toString());

                cold = coldSse.await("result", Duration.ofMinutes(4)).data();
                List<String> coldNames = coldSse.awaitEnd(Duration.ofMinutes(1)).stream().map(SseClient.Event::name).toList();
                assertFalse(coldNames.contains("pool-slot"), coldNames.toString());
                assertTrue(coldNames.contains("completed"), coldNames.toString());
            }
        }
        // never reused: the slot's job and cluster are gone with the run
        for (long pid : slotPids) {
            awaitGone(pid);
        }
        assertEquals(List.of(), clusters.pids(slot.cluster()));
        for (String figure : List.of("var", "expectedShortfall")) {
            assertEquals(cold.get(figure).get("0.05").asDouble(), pooled.get(figure).get("0.05").asDouble(),
                    figure + ": a pooled run and a cold run of the same seed agree to the last digit");
        }

        // refilled in the background: another slot, another cluster (the next case waits for it to be ready)
        WarmPool.SlotView next = awaitSlot(s -> !s.id().equals(slot.id()) && s.cluster() != null, FILL);
        assertNotEquals(slot.cluster(), next.cluster());
    }

    @Test
    @Order(3)
    void anIdleSlotIsRetiredAndReplaced() throws Exception {
        WarmPool.SlotView idle = awaitSlot(s -> s.ready(), FILL);
        List<Long> pids = new ArrayList<>(clusters.pids(idle.cluster()));
        pids.add(idle.jobPid());
        WarmPool.SlotView replacement = awaitSlot(s -> !s.id().equals(idle.id()), IDLE.plus(FILL));
        assertTrue(pool.slots().stream().noneMatch(s -> s.id().equals(idle.id())), pool.slots().toString());
        for (long pid : pids) {
            awaitGone(pid);
        }
        assertEquals(List.of(), clusters.pids(idle.cluster()), "the idle slot's cluster is deleted");
        Duration lived = Duration.between(idle.readyAt(), java.time.Instant.now());
        assertTrue(lived.compareTo(IDLE) >= 0, "retired after its idle time, not before: " + lived);
        // the replacement fills like every slot (the first two cases saw fills complete); shutdown removes it
        assertTrue(pool.slots().stream().anyMatch(s -> s.id().equals(replacement.id())), pool.slots().toString());
    }

    @Test
    @Order(1)
    void aSlotWhoseJobIsKilledIsRetiredItsClusterDeletedAndThePoolRefills() throws Exception {
        WarmPool.SlotView slot = awaitSlot(s -> s.ready(), FILL);
        List<Long> clusterPids = clusters.pids(slot.cluster());
        assertFalse(clusterPids.isEmpty(), "the slot's cluster runs");
        Path record = poolDir.resolve(slot.id() + ".json");
        assertTrue(Files.isRegularFile(record), "the slot's cluster is recorded: " + record);

        // kill -9 of the standby job, by its PID, while it waits for a run
        ProcessHandle.of(slot.jobPid()).orElseThrow().destroyForcibly();
        awaitGone(slot.jobPid());

        // the next check retires it (within seconds, not at its idle time): its cluster deleted, its record gone
        WarmPool.SlotView replacement = awaitSlot(s -> !s.id().equals(slot.id()), Duration.ofSeconds(30));
        assertTrue(pool.slots().stream().noneMatch(s -> s.id().equals(slot.id())), pool.slots().toString());
        for (long pid : clusterPids) {
            awaitGone(pid);
        }
        assertEquals(List.of(), clusters.pids(slot.cluster()), "the dead slot's cluster is deleted");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !Files.exists(record) && !Files.exists(poolDir.resolve(slot.id())));
        assertNotEquals(slot.cluster(), replacement.cluster());
        WarmPool.SlotView refilled = awaitSlot(s -> s.ready() && s.id().equals(replacement.id()), FILL);
        assertTrue(ProcessHandle.of(refilled.jobPid()).map(ProcessHandle::isAlive).orElse(false));
    }

    private WarmPool.SlotView awaitSlot(Predicate<WarmPool.SlotView> wanted, Duration timeout) {
        return org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .alias("a slot as wanted (" + pool.status() + ")")
                .until(() -> pool.slots().stream().filter(wanted).findFirst(), Optional::isPresent).get();
    }

    private JsonNode readiness() throws Exception {
        JsonNode all = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                given().get(dev.sparkvar.testing.Management.uri("/q/health/ready")).then().extract().asString());
        for (JsonNode check : all.get("checks")) {
            if (check.get("name").asText().equals("pool")) {
                return check.get("data");
            }
        }
        throw new AssertionError("no pool check in " + all);
    }

    private static void awaitGone(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left");
    }
}
