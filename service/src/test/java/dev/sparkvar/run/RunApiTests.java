package dev.sparkvar.run;

import dev.sparkvar.jobapi.RiskModel;
import dev.sparkvar.jobapi.VarianceReduction;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.jobapi.JobOptions;
import dev.sparkvar.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runs API's contract: 400s that name the bad field, 404s, data sets, and SSE replay and resume. */
@QuarkusTest
class RunApiTests {

    @TestHTTPResource("/")
    URI base;

    @Inject
    RunRequestValidator validator;

    @Inject
    ObjectMapper json;

    @Inject
    JobLauncher launcher;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"simulations": 0}                              | simulations
            {"simulations": -5}                             | simulations
            {"simulations": "many"}                         | simulations
            {"horizonDays": 0}                              | horizonDays
            {"levels": []}                                  | levels
            {"levels": [0.05, 0.5]}                         | levels[1]
            {"levels": [0]}                                 | levels[0]
            {"sampleFraction": 0}                           | sampleFraction
            {"sampleFraction": 1.5}                         | sampleFraction
            {"sampleFraction": 0.1, "holdings": {"AA": 1}}  | holdings
            {"holdings": {}}                                | holdings
            {"holdings": {"AA": -100}}                      | holdings.AA
            {"mode": "yarn"}                                | mode
            {"mode": "master"}                              | masterUrl
            {"mode": "master", "masterUrl": "http://x:1"}   | masterUrl
            {"masterUrl": "spark://h:7077"}                 | masterUrl
            {"mode": "master", "masterUrl": "spark://elsewhere.example:7077"} | masterUrl
            {"workers": 0}                                  | workers
            {"workers": 2, "mode": "local"}                 | workers
            {"clusterConfig": "Bad_Name"}                   | clusterConfig
            {"partitions": 0}                               | partitions
            {"data": "../../../../etc/passwd"}              | data
            {"data": "/etc/passwd"}                         | data
            {"data": "file:/etc/passwd"}                    | data
            {"data": "sub/../../x.csv"}                     | data
            {"data": "nope.csv"}                            | data
            {"data": "escape.csv"}                          | data
            {"seed": "abc"}                                 | seed
            {"models": []}                                  | models
            {"models": ["garch"]}                           | models[0]
            {"models": ["independent", null]}               | models[1]
            {"backtestDays": -1}                            | backtestDays
            {"backtestDays": 100000}                        | backtestDays
            {"backtestDays": "many"}                        | backtestDays
            {"estimationDays": 1}                           | estimationDays
            {"estimationDays": 100000}                      | estimationDays
            {"estimationDays": 30, "backtestDays": -5}      | backtestDays
            {"varianceReduction": "antithetic"}             | varianceReduction
            {"varianceReduction": ""}                       | varianceReduction
            [1, 2]                                          | body
            {"simulations": 1,                              | body
            """)
    void badRequestsGet400NamingTheField(String body, String field) throws Exception {
        Path datasets = Files.createDirectories(Path.of("target/test-datasets"));
        Path escape = datasets.resolve("escape.csv");
        if (!Files.isSymbolicLink(escape)) {
            Files.createSymbolicLink(escape, Path.of("/etc/passwd"));
        }
        given().contentType(ContentType.JSON).body(body).post(base.resolve("/runs"))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        given().contentType(ContentType.JSON).body("{\"simulations\": 0, \"horizonDays\": 0, \"levels\": [0.7]}")
                .post(base.resolve("/runs"))
                .then().statusCode(400)
                .body("errors.field", hasItem("simulations"))
                .body("errors.field", hasItem("horizonDays"))
                .body("errors.field", hasItem("levels[0]"));
    }

    @Test
    void anUnknownModelIsNamedWithTheKnownOnes() {
        given().contentType(ContentType.JSON).body("{\"models\": [\"correlated\", \"garch\"], \"backtestDays\": 0}")
                .post(base.resolve("/runs"))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.size()", equalTo(1))
                .body("errors[0].field", equalTo("models[1]"))
                .body("errors[0].message",
                        equalTo("must be one of independent, correlated, historical, was 'garch'"));
    }

    @Test
    void modelOptionsDefaultAndDropDuplicates() {
        RunParameters defaults = validator.validate(RunRequest.defaults()).parameters();
        assertEquals(List.of(RiskModel.INDEPENDENT), defaults.models());
        assertEquals(0, defaults.backtestDays(), "no backtest unless asked");
        assertEquals(250, defaults.estimationDays());

        RunRequest asked = new RunRequest(null, null, null, null, null, null, null, null, null, null, null, null,
                List.of("historical", "independent", "historical", "Correlated"), null, 60);
        RunParameters p = validator.validate(asked).parameters();
        assertEquals(List.of(RiskModel.HISTORICAL, RiskModel.INDEPENDENT, RiskModel.CORRELATED), p.models(),
                "order kept, duplicates dropped");
        assertEquals(0, p.backtestDays(), "an estimation window alone is fine");
        assertEquals(60, p.estimationDays());
    }

    @Test
    void parametersSavedBeforeModelsExistedReadAsTheNotebooksModel() throws Exception {
        RunParameters old = json.readValue("{\"simulations\": 1000, \"horizonDays\": 5, \"levels\": [0.05],"
                + " \"sampleFraction\": 0.01, \"data\": \"dowjones30.csv\", \"mode\": \"local\"}", RunParameters.class);
        assertEquals(List.of(RiskModel.INDEPENDENT), old.models());
        assertEquals(0, old.backtestDays());
        assertEquals(250, old.estimationDays());
        assertTrue(json.writeValueAsString(validator.validate(new RunRequest(null, null, null, null, null, null, null,
                null, null, null, null, null, List.of("correlated"), 20, null)).parameters())
                .contains("\"models\":[\"correlated\"],\"backtestDays\":20,\"estimationDays\":250"));
    }

    @Test
    void varianceReductionDefaultsToPlainAndReachesTheJobsCommandLine(@TempDir Path dir) throws Exception {
        assertEquals(VarianceReduction.NONE,
                validator.validate(RunRequest.defaults()).parameters().varianceReduction());
        RunParameters p = validator.validate(new RunRequest(null, null, null, null, null, null, null, null, null,
                "local", null, null, null, null, null, "Importance")).parameters();
        assertEquals(VarianceReduction.IMPORTANCE, p.varianceReduction());
        assertTrue(json.writeValueAsString(p).contains("\"varianceReduction\":\"importance\""));
        // run.json written before the field existed: plain sampling
        assertEquals(VarianceReduction.NONE, json.readValue("{\"simulations\": 1000, \"horizonDays\": 5,"
                + " \"levels\": [0.05], \"mode\": \"local\"}", RunParameters.class).varianceReduction());
        JobLauncher.Launch launch = new JobLauncher.Launch("local[2]", dir.resolve("x.csv"), dir, null,
                "http://127.0.0.1:1/cb", Optional.empty());
        List<String> importance = launcher.command(new Run("r1", "t", p, Instant.now(), 50), launch);
        int at = importance.indexOf(JobOptions.VARIANCE_REDUCTION);
        assertEquals("importance", importance.get(at + 1));
        List<String> plain = launcher.command(new Run("r2", "t", validator.validate(new RunRequest(null, null, null,
                null, null, null, null, null, null, "local", null, null, null, null, null, "none")).parameters(),
                Instant.now(), 50), launch);
        assertFalse(plain.contains(JobOptions.VARIANCE_REDUCTION), "plain sampling is the job's default");
    }

    @Test
    void anImportanceSampledRunStreamsAndListsStandardErrors() throws Exception {
        String id = given().contentType(ContentType.JSON)
                .body("{\"mode\": \"local\", \"simulations\": 2000, \"horizonDays\": 1, \"seed\": 5,"
                        + " \"levels\": [0.05, 0.01], \"models\": [\"correlated\", \"independent\"],"
                        + " \"sampleFraction\": 0.2, \"varianceReduction\": \"importance\"}")
                .post(base.resolve("/runs")).then().statusCode(202).extract().path("id");
        List<SseClient.Event> all;
        try (SseClient sse = SseClient.get(base.resolve("/runs/" + id + "/events"), Map.of())) {
            // two models and the common-series job: slower than a one-model run on a loaded machine
            sse.await("completed", Duration.ofMinutes(4));
            all = sse.awaitEnd(Duration.ofSeconds(10));
        }
        assertEquals("importance", all.get(0).data().at("/parameters/varianceReduction").asText());
        var result = all.stream().filter(e -> e.name().equals("result")).findFirst().orElseThrow().data();
        assertEquals("importance", result.get("varianceReduction").asText());
        for (String level : List.of("0.05", "0.01")) {
            assertTrue(result.at("/varStandardError/" + level).asDouble() > 0, result.toString());
            assertTrue(result.at("/expectedShortfallStandardError/" + level).asDouble() > 0, result.toString());
            for (String model : List.of("correlated", "independent")) {
                assertTrue(result.at("/models/" + model + "/varStandardError/" + level).asDouble() > 0, model);
            }
        }
        assertEquals(result.at("/models/correlated/varStandardError"), result.get("varStandardError"),
                "the first model fills the top level");
        given().get(base.resolve("/runs")).then().statusCode(200)
                .body("find { it.id == '" + id + "' }.result.varStandardError.'0.01'",
                        org.hamcrest.Matchers.greaterThan(0f))
                .body("find { it.id == '" + id + "' }.result.expectedShortfallStandardError.'0.05'",
                        org.hamcrest.Matchers.greaterThan(0f));
    }

    @Test
    void unknownRunsAre404() {
        given().get(base.resolve("/runs/nosuchrun000")).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("nosuchrun000"));
        given().delete(base.resolve("/runs/nosuchrun000")).then().statusCode(404);
        given().get(base.resolve("/runs/nosuchrun000/events")).then().statusCode(404);
    }

    @Test
    void datasetsListTheBundledSample() {
        given().get(base.resolve("/datasets")).then().statusCode(200)
                .body("name", hasItem("dowjones30.csv"))
                .body("name", not(hasItem("escape.csv")));
    }

    @Test
    void lateSubscribersGetThePastAndLastEventIdResumes() throws Exception {
        // mode local: the job runs in local[*] inside its own JVM, no cluster, so this is quick
        String id = given().contentType(ContentType.JSON)
                .body("{\"mode\": \"local\", \"simulations\": 2000, \"horizonDays\": 2, \"seed\": 5}")
                .post(base.resolve("/runs")).then().statusCode(202).extract().path("id");
        List<SseClient.Event> all;
        try (SseClient sse = SseClient.get(base.resolve("/runs/" + id + "/events"), Map.of())) {
            sse.await("completed", Duration.ofMinutes(3));
            all = sse.awaitEnd(Duration.ofSeconds(10));
            assertTrue(sse.comments().contains("keep-alive"), "heartbeat comments (every 2 s in tests)");
        }
        assertEquals(1, all.get(0).id());
        assertTrue(all.size() > 4, all.toString());
        long resumeAfter = all.get(all.size() / 2).id();
        try (SseClient late = SseClient.get(base.resolve("/runs/" + id + "/events"),
                Map.of("Last-Event-ID", String.valueOf(resumeAfter)))) {
            List<SseClient.Event> rest = late.awaitEnd(Duration.ofSeconds(10));
            assertEquals(all.subList(all.size() / 2 + 1, all.size()).stream().map(SseClient.Event::id).toList(),
                    rest.stream().map(SseClient.Event::id).toList(), "resumes right after Last-Event-ID, once each");
        }
        given().get(base.resolve("/runs")).then().statusCode(200).body("id", hasItem(id));
        given().header("Last-Event-ID", "abc").get(base.resolve("/runs/" + id + "/events"))
                .then().statusCode(400).body("errors.field", hasItem("Last-Event-ID"));
    }
}
