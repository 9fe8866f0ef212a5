package dev.sparkvar.run;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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

/**
 * Runs survive a restart: a run stored as in flight (the service died while it ran) comes back failed with
 * "service restarted", its cluster deleted, and a finished run answers as it was.
 */
@QuarkusTest
@TestProfile(RestartTests.StoredRuns.class)
class RestartTests {

    static final Path DIR = Path.of("target/restart-test-runs");

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
            return Map.of("sparkvar.runs.dir", DIR.toString());
        }

        private static void write(String id, String json) throws IOException {
            Files.createDirectories(DIR.resolve(id));
            Files.writeString(DIR.resolve(id).resolve("run.json"), json);
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void inFlightRunsFailAndLoseTheirClusterFinishedOnesAnswerAsBefore() {
        given().get(base.resolve("/runs/inflight0001")).then().statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("reason", equalTo("service restarted"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().get(base.resolve("/runs/inflight0001")).then().body("cluster.deleted", equalTo(true)));
        given().get(base.resolve("/runs/inflight0001/events")).then().statusCode(200);
        given().get(base.resolve("/runs/finished0001")).then().statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("result.var.'0.05'", equalTo(-1234.5f));
        given().get(base.resolve("/runs")).then().body("id", hasItem("finished0001"));
        given().get(base.resolve("/q/openapi")).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/runs/{id}/events"));
    }
}
