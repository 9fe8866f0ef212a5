package dev.sparkvar.run;

import dev.sparkvar.jobapi.JobError;
import dev.sparkvar.jobapi.JobResult;
import dev.sparkvar.jobapi.ProgressReport;
import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.ProblemMappers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The job's callback bodies: Bean Validation on the job-api records, the problem JSON it becomes, auth first. */
@QuarkusTest
class CallbackValidationTests {

    /** A stand-in with the callback's parameter, to see a violation through the real REST stack and mappers. */
    @Path("/test/callback-body")
    @jakarta.annotation.security.RolesAllowed(dev.sparkvar.access.Roles.USER) // deny-unannotated-endpoints
    public static class Probe {
        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        public void progress(@Valid @NotNull(message = RunCallbackResource.NOT_AN_OBJECT) ProgressReport body) {
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    Validator validator;

    @Test
    void progressFieldsAreNamedWithTheMessagesOfTheHandWrittenChecks() {
        assertEquals(List.of(
                        new FieldError("percent", "must be a number in [0.0, 100.0]"),
                        new FieldError("phase", "must be a non-empty string"),
                        new FieldError("tasksDone", "must be a non-negative integer"),
                        new FieldError("tasksTotal", "must be a non-negative integer")),
                ProblemMappers.fieldErrors(validator.validate(new ProgressReport(" ", -1, null, 100.5))));
        assertEquals(List.of(new FieldError("tasksDone", "must not exceed tasksTotal (5 > 3)")),
                ProblemMappers.fieldErrors(validator.validate(new ProgressReport("simulating", 5, 3, 50.0))));
        assertEquals(List.of(), ProblemMappers.fieldErrors(validator.validate(new ProgressReport("done", 3, 3, 100.0))));
        assertEquals(List.of(new FieldError("phase", "must be a non-empty string")),
                ProblemMappers.fieldErrors(validator.validate(new ProgressReport("x".repeat(201), 0, 0, 0.0))));
    }

    @Test
    void errorAndResultFieldsAreNamed() {
        assertEquals(List.of(new FieldError("message", "must be a non-empty string")),
                ProblemMappers.fieldErrors(validator.validate(new JobError(2, null))));
        Map<String, Double> var = new HashMap<>();
        var.put("0.05", null);
        assertEquals(List.of(
                        new FieldError("expectedShortfall", "must be an object {level: value}"),
                        new FieldError("simulations", "must be a non-negative integer"),
                        new FieldError("var.0.05", "must be a number")),
                ProblemMappers.fieldErrors(validator.validate(new JobResult(null, List.of(0.05), var, null))));
    }

    @Test
    void aViolatingBodyIsTheProblemJsonOfEveryOther400() {
        given().contentType(ContentType.JSON).body("{\"phase\":\"\",\"tasksDone\":4,\"tasksTotal\":2,\"percent\":101}")
                .post(base.resolve("/test/callback-body"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid request"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/test/callback-body"))
                .body("errors.field", containsInAnyOrder("percent", "phase", "tasksDone"))
                .body("errors.find { it.field == 'tasksDone' }.message", equalTo("must not exceed tasksTotal (4 > 2)"));
        given().contentType(ContentType.JSON).body("{\"phase\":\"x\",\"tasksDone\":1,\"tasksTotal\":2}")
                .post(base.resolve("/test/callback-body"))
                .then().statusCode(400)
                .body("detail", equalTo("percent: must be a number in [0.0, 100.0]"))
                .body("errors[0].field", equalTo("percent"));
        given().contentType(ContentType.JSON).post(base.resolve("/test/callback-body"))
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void theTokenAndRunAreCheckedBeforeTheBodyIsRead() {
        for (String path : List.of("progress", "result", "error")) {
            // no token: 401 before the run is looked up (an unknown run is not revealed), before the body is read
            given().contentType(ContentType.JSON).body("{\"tasksDone\": \"not json")
                    .post(base.resolve("/internal/runs/nosuchrun000/" + path))
                    .then().statusCode(401).contentType("application/problem+json");
            given().contentType(ContentType.JSON).header("Authorization", "Bearer some-token")
                    .body("{\"tasksDone\": \"not json")
                    .post(base.resolve("/internal/runs/nosuchrun000/" + path))
                    .then().statusCode(403).contentType("application/problem+json");
        }
    }
}
