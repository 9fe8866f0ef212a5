package dev.sparkvar.run;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs survive a restart: a run stored as in flight (the service died while it ran) comes back failed with
 * "service restarted" (one that waited in the queue, "service restarted while queued"); its cluster's master, recorded in the ledger and still running (an orphan of the killed
 * service), is stopped by the start-up sweep and its folder removed, and only then is the cluster reported deleted
 * (not on the local backend's 404, which is no proof: it never knew the cluster). A finished run answers as it was.
 * The same with the real processes of a killed service: {@code dev.sparkvar.faults.ServiceKilledIT}.
 */
@QuarkusTest
@TestProfile(RestartTests.StoredRuns.class)
class RestartTests {

    static final Path DIR = Path.of("target/restart-test-runs");
    static final Path CLUSTER_DIR = Path.of("target/restart-test-work/cluster-gone-1").toAbsolutePath();
    /** The orphaned "master": a marked shell loop started before the service, as a killed service leaves it. */
    static volatile ProcessHandle orphan;

    /** Writes run files as a previous service process would have left them, before this one starts. */
    public static class StoredRuns implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (Files.exists(DIR)) {
                    try (Stream<Path> files = Files.walk(DIR)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                Files.createDirectories(CLUSTER_DIR);
                Files.writeString(CLUSTER_DIR.resolve("master.log"), "left by the killed service\n");
                String marker = "-Downed.by.sparkvar=0123456789abcdef";
                orphan = new ProcessBuilder("/bin/sh", "-c", "while true; do sleep 1; done", marker)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().toHandle();
                Files.createDirectories(DIR.resolve(".owned"));
                Files.writeString(DIR.resolve(".owned").resolve("0123456789abcdef.json"), """
                        {"id":"0123456789abcdef","group":"cluster-gone","role":"master","pid":%d,"startedAt":null,
                         "workDir":"%s"}
                        """.formatted(orphan.pid(), CLUSTER_DIR));
                write("inflight0001", """
                        {"run":{"id":"inflight0001","state":"RUNNING","created":"2026-11-24T10:00:00Z",
                          "parameters":{"simulations":10000,"horizonDays":5,"levels":[0.05],"sampleFraction":0.01,
                                        "data":"dowjones30.csv","clusterConfig":"clusterconfig","mode":"ephemeral"},
                          "cluster":{"name":"cluster-gone","masterUrl":"spark://127.0.0.1:1","deleted":false},
                          "timings":{"ACCEPTED":"2026-11-24T10:00:00Z","RUNNING":"2026-11-24T10:00:09Z"},
                          "warnings":[],"lastEventId":2},
                         "events":[{"id":1,"name":"accepted","time":"2026-11-24T10:00:00Z","data":{"id":"inflight0001"}},
                                   {"id":2,"name":"job-started","time":"2026-11-24T10:00:09Z","data":{"pid":1}}],
                         "log":["line one"]}
                        """);
                write("queuedrun001", """
                        {"run":{"id":"queuedrun001","state":"QUEUED","created":"2026-11-24T10:00:05Z",
                          "parameters":{"simulations":10000,"horizonDays":5,"levels":[0.05],"sampleFraction":0.01,
                                        "data":"dowjones30.csv","clusterConfig":"clusterconfig","mode":"ephemeral"},
                          "timings":{"ACCEPTED":"2026-11-24T10:00:05Z","QUEUED":"2026-11-24T10:00:05Z"},
                          "warnings":[],"lastEventId":2},
                         "events":[{"id":1,"name":"accepted","time":"2026-11-24T10:00:05Z","data":{"id":"queuedrun001"}},
                                   {"id":2,"name":"queued","time":"2026-11-24T10:00:05Z","data":{"position":1}}],
                         "log":[]}
                        """);
                write("finished0001", """
                        {"run":{"id":"finished0001","state":"COMPLETED","created":"2026-11-23T10:00:00Z",
                          "finished":"2026-11-23T10:01:00Z","durationSeconds":60.0,
                          "parameters":{"simulations":100,"horizonDays":5,"levels":[0.05],"sampleFraction":0.01,
                                        "data":"dowjones30.csv","clusterConfig":"clusterconfig","mode":"local"},
                          "timings":{},"warnings":[],"result":{"var":{"0.05":-1234.5}},"lastEventId":1},
                         "events":[{"id":1,"name":"completed","time":"2026-11-23T10:01:00Z","data":{"state":"COMPLETED"}}],
                         "log":[]}
                        """);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("sparkvar.runs.dir", DIR.toString(),
                    "sparkvar.ownership.dir", DIR.resolve(".owned").toString(),
                    "sparkvar.ownership.stop-grace", "2s");
        }

        private static void write(String id, String json) throws IOException {
            Files.createDirectories(DIR.resolve(id));
            Files.writeString(DIR.resolve(id).resolve("run.json"), json);
        }
    }

    @AfterAll
    static void killTheOrphanIfTheSweepDidNot() {
        if (orphan != null) {
            orphan.destroyForcibly();
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void inFlightRunsFailAndLoseTheirClusterFinishedOnesAnswerAsBefore() {
        given().get(base.resolve("/runs/inflight0001")).then().statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("reason", equalTo("service restarted"));
        // the sweep ran before the service took requests: the orphan is gone by PID, with its folder and entry
        assertFalse(orphan.isAlive(), "the orphaned master " + orphan.pid() + " survived the start-up sweep");
        assertFalse(Files.exists(CLUSTER_DIR), "the cluster folder is left");
        assertFalse(Files.exists(DIR.resolve(".owned").resolve("0123456789abcdef.json")), "the ledger entry is left");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().get(base.resolve("/runs/inflight0001")).then().body("cluster.deleted", equalTo(true)));
        // the stream ends once the cluster is deleted, with cluster-deleted after failed
        String events = given().get(base.resolve("/runs/inflight0001/events")).then().statusCode(200)
                .extract().asString();
        assertTrue(events.indexOf("event:failed") < events.indexOf("event:cluster-deleted"), events);
        assertTrue(events.lastIndexOf("event:") == events.lastIndexOf("event:cluster-deleted"), events);
        // a run that waited in the queue of the stopped process fails, saying so; it never had a cluster
        given().get(base.resolve("/runs/queuedrun001")).then().statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("reason", equalTo("service restarted while queued"))
                .body("cluster", org.hamcrest.Matchers.nullValue());
        String queued = given().get(base.resolve("/runs/queuedrun001/events")).then().statusCode(200)
                .extract().asString();
        assertTrue(queued.lastIndexOf("event:") == queued.lastIndexOf("event:failed"), queued);
        given().get(base.resolve("/runs/finished0001")).then().statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("result.var.'0.05'", equalTo(-1234.5f));
        given().get(base.resolve("/runs")).then().body("id", hasItem("finished0001"));
        given().get(base.resolve("/q/openapi")).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/runs/{id}/events"));
    }
}
