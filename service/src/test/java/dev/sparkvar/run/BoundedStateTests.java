package dev.sparkvar.run;

import dev.sparkvar.jobapi.RiskModel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the service keeps stays bounded and private, and a crash's leftovers cannot hide a process:
 * <ul>
 * <li>at start, the retention ({@code count} 3, {@code max-age} 2 days) reads only the runs it keeps: finished
 *     runs beyond it are removed unread, a run still in flight is kept whatever its age, a torn {@code run.json} is
 *     reported and its folder kept; once runs finish, the oldest finished ones go from memory and disk;</li>
 * <li>folders are 0700, files 0600, the clusters' work folder (under the data folder) too;</li>
 * <li>an empty and a torn ledger entry still name their process (by the file name's marker): the sweep stops it;</li>
 * <li>100,000 progress reports leave a run with a bounded history and {@code run.json}; an equal percent is
 *     dropped, over real HTTP callbacks too.</li>
 * </ul>
 */
@QuarkusTest
@TestProfile(BoundedStateTests.Planted.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoundedStateTests {

    static final Path DIR = Path.of("target/bounded-state-runs").toAbsolutePath();
    static final String EMPTY_ENTRY = "00000000000000e1";
    static final String TORN_ENTRY = "00000000000000e2";
    static final List<ProcessHandle> ORPHANS = new ArrayList<>();

    /** Runs, ledger entries and live processes as a crashed service would leave them, before this one starts. */
    public static class Planted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (Files.exists(DIR)) {
                    try (Stream<Path> files = Files.walk(DIR)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                Instant now = Instant.now();
                plant("completed001", "COMPLETED", now.minus(Duration.ofHours(1)));
                plant("completed002", "COMPLETED", now.minus(Duration.ofHours(2)));
                plant("completed003", "COMPLETED", now.minus(Duration.ofHours(3)));
                plant("completed004", "COMPLETED", now.minus(Duration.ofHours(4))); // beyond the count
                plant("completed010", "FAILED", now.minus(Duration.ofDays(10))); // beyond the age
                plant("inflight0010", "RUNNING", now.minus(Duration.ofDays(10))); // in flight: never pruned
                Files.createDirectories(DIR.resolve("tornrun00010"));
                Path torn = DIR.resolve("tornrun00010").resolve("run.json");
                Files.writeString(torn, "{\"run\":{\"id\":\"tornrun00010\",\"sta");
                Files.setLastModifiedTime(torn, FileTime.from(now.minus(Duration.ofDays(10))));

                Path owned = Files.createDirectories(DIR.resolve(".owned"));
                ORPHANS.add(orphan(EMPTY_ENTRY));
                Files.writeString(owned.resolve(EMPTY_ENTRY + ".json"), "");
                ORPHANS.add(orphan(TORN_ENTRY));
                Files.writeString(owned.resolve(TORN_ENTRY + ".json"), "{\"id\":\"" + TORN_ENTRY + "\",\"gro");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> config = new LinkedHashMap<>();
            config.put("sparkvar.runs.dir", DIR.toString());
            config.put("sparkvar.ownership.dir", DIR.resolve(".owned").toString());
            config.put("sparkvar.ownership.stop-grace", "2s");
            config.put("sparkvar.runs.retention.count", "3");
            config.put("sparkvar.runs.retention.max-age", "2d");
            return config;
        }

        /** A marked shell loop, as a killed service leaves a daemon: only its ledger file's name says it is ours. */
        private static ProcessHandle orphan(String id) throws IOException {
            return new ProcessBuilder("/bin/sh", "-c", "while true; do sleep 1; done", "-Downed.by.sparkvar=" + id)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().toHandle();
        }

        private static void plant(String id, String state, Instant written) throws IOException {
            boolean over = !state.equals("RUNNING");
            Path file = Files.createDirectories(DIR.resolve(id)).resolve("run.json");
            Files.writeString(file, """
                    {"run":{"id":"%s","state":"%s","created":"%s",%s
                      "parameters":{"simulations":100,"horizonDays":5,"levels":[0.05],"sampleFraction":0.01,
                                    "data":"dowjones30.csv","clusterConfig":"clusterconfig","mode":"local"},
                      "timings":{},"warnings":[],"lastEventId":1},
                     "events":[{"id":1,"name":"%s","time":"%s","data":{"state":"%s"}}],
                     "log":[]}
                    """.formatted(id, state, written.minusSeconds(60), over ? "\"finished\":\"" + written + "\"," : "",
                    over ? state.toLowerCase() : "accepted", written, state));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setLastModifiedTime(file, FileTime.from(written));
        }
    }

    @AfterAll
    static void killOrphansTheSweepMissed() {
        ORPHANS.forEach(ProcessHandle::destroyForcibly);
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    Runs runs;

    @Inject
    RunStore store;

    @Inject
    JobReports reports;

    @Inject
    RunsConfig config;

    @Test
    @Order(1)
    void aStartReadsWhatTheRetentionKeepsAndSweepsWhatUnreadableEntriesName() throws IOException {
        // the sweep ran first: the processes of the empty and the torn entry are gone, found by their marker
        for (ProcessHandle orphan : ORPHANS) {
            assertFalse(orphan.isAlive(), "pid " + orphan.pid() + " of an unreadable ledger entry survived the sweep");
        }
        assertFalse(Files.exists(DIR.resolve(".owned").resolve(EMPTY_ENTRY + ".json")));
        assertFalse(Files.exists(DIR.resolve(".owned").resolve(TORN_ENTRY + ".json")));

        // beyond the count and beyond the age: removed at start, never loaded
        for (String pruned : List.of("completed004", "completed010")) {
            given().get(base.resolve("/runs/" + pruned)).then().statusCode(404);
            assertFalse(Files.exists(DIR.resolve(pruned)), pruned + " is left on disk");
        }
        // in flight when the service stopped, ten days ago: kept and failed
        given().get(base.resolve("/runs/inflight0010")).then().statusCode(200)
                .body("state", equalTo("FAILED")).body("reason", equalTo("service restarted"));
        // a torn run.json is not loaded and not removed unread
        given().get(base.resolve("/runs/tornrun00010")).then().statusCode(404);
        assertTrue(Files.exists(DIR.resolve("tornrun00010").resolve("run.json")));
        given().get(base.resolve("/runs/completed001")).then().statusCode(200).body("state", equalTo("COMPLETED"));
        given().get(base.resolve("/runs/completed002")).then().statusCode(200);
        // the restarted run is now the newest finished one: the oldest of the other three goes, memory and disk
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            given().get(base.resolve("/runs/completed003")).then().statusCode(404);
            assertFalse(Files.exists(DIR.resolve("completed003")));
        });

        // private: folders 0700, files 0600 (the planted 0644 files were rewritten), the clusters' folder too
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertEquals("rw-------", mode(DIR.resolve("completed001").resolve("run.json"))));
        assertEquals("rwx------", mode(DIR));
        assertEquals("rwx------", mode(DIR.resolve("completed001")));
        assertEquals("rwx------", mode(DIR.resolve(".owned")));
        assertEquals("rwx------", mode(DIR.resolve(".local")));
    }

    @Test
    @Order(2)
    void equalPercentsAreDroppedOverRealCallbacks() throws Exception {
        Run run = running();
        String progress = base.resolve("/internal/runs/" + run.id() + "/progress").toString();
        long before = run.lastEventId();
        // a plain JDK client as the job's own (CallbackClient): a thousand RestAssured requests cost ten times the CPU
        HttpClient client = HttpClient.newHttpClient(); // Java 17: not AutoCloseable
        for (int i = 0; i < 1000; i++) {
            // each percent ten times, as a job repeating itself would
            HttpRequest post = HttpRequest.newBuilder(URI.create(progress))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + run.token())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"phase\":\"simulate\",\"percent\":" + (i / 10)
                            + ",\"tasksDone\":" + i + ",\"tasksTotal\":1000}"))
                    .build();
            assertEquals(204, client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode(), "report " + i);
        }
        assertEquals(100, run.lastEventId() - before, "one event per distinct percent");
        // a new phase at the same percent still shows (a short phase must not vanish)
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + run.token())
                .body("{\"phase\":\"backtest\",\"percent\":99,\"tasksDone\":0,\"tasksTotal\":1}")
                .post(progress).then().statusCode(204);
        assertEquals(101, run.lastEventId() - before);
        assertEquals(config.maxProgressEvents(), run.stored().events().stream()
                .filter(e -> e.name().equals(RunEvent.PROGRESS)).count(), "progress kept: the newest replaced");
    }

    @Test
    @Order(3)
    void aHundredThousandProgressReportsLeaveABoundedRun() throws IOException {
        Run run = running();
        for (int i = 1; i <= 100_000; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("phase", "simulate");
            p.put("tasksDone", i);
            p.put("tasksTotal", 100_000);
            p.put("percent", i / 1000.0);
            reports.progress(run, p);
        }
        assertEquals(100_000 + 2, run.lastEventId(), "every report passed live (accepted, job-started, 100,000)");
        List<RunEvent> kept = run.stored().events();
        RunsConfig defaults = config;
        long progress = kept.stream().filter(e -> e.name().equals(RunEvent.PROGRESS)).count();
        assertEquals(defaults.maxProgressEvents(), progress, "progress events kept");
        assertTrue(kept.size() <= defaults.maxEvents(), "events kept: " + kept.size());
        // the newest progress is the one kept last: a page that reloads sees where the job is
        assertEquals(100.0, ((Number) kept.get(kept.size() - 1).data().get("percent")).doubleValue());
        assertTrue(store.saveNow(run));
        long bytes = Files.size(DIR.resolve(run.id()).resolve("run.json"));
        System.out.printf("100,000 progress reports: %d events kept, run.json %d bytes%n", kept.size(), bytes);
        assertTrue(bytes < 64 * 1024, "run.json is " + bytes + " bytes");
        // a late subscriber replays what is kept, in order
        List<Long> ids = run.events().select().first(kept.size()).collect().asList().await()
                .atMost(Duration.ofSeconds(10)).stream().map(RunEvent::id).toList();
        assertEquals(kept.stream().map(RunEvent::id).toList(), ids);
    }

    @Test
    @Order(4)
    void finishedRunsBeyondTheCountLeaveMemoryAndDisk() {
        List<Run> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Run run = running();
            assertTrue(run.finish(RunState.COMPLETED, null));
            made.add(run);
        }
        // three finished runs are kept, the newest; the others are gone from memory and disk
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (Run run : made.subList(0, 2)) {
                given().get(base.resolve("/runs/" + run.id())).then().statusCode(404);
                assertFalse(Files.exists(DIR.resolve(run.id())), run.id() + " is left on disk");
            }
        });
        for (Run run : made.subList(2, 5)) {
            given().get(base.resolve("/runs/" + run.id())).then().statusCode(200).body("state", equalTo("COMPLETED"));
        }
        // the runs still running (earlier tests) are never pruned
        assertTrue(runs.all().stream().filter(r -> r.state() == RunState.RUNNING).count() >= 2);
    }

    /** A registered run in RUNNING, as the flow leaves it once its job started (mode local: no cluster to delete). */
    private Run running() {
        RunParameters parameters = new RunParameters(1000, 5, List.of(0.05), null, 0.01, null, "dowjones30.csv",
                null, "clusterconfig", ClusterMode.LOCAL, null, null, List.of(RiskModel.INDEPENDENT), 0, 250);
        Run run = runs.add(new Run(Runs.randomId(12), "token-" + Runs.randomId(24), parameters, Instant.now(), 50,
                runs.bounds()));
        run.emit(RunEvent.ACCEPTED, RunEvent.data("id", run.id()));
        assertTrue(run.enter(RunState.RUNNING));
        run.emit(RunEvent.JOB_STARTED, RunEvent.data("pid", 1));
        return run;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
