package dev.sparkvar.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small endpoint the job JVM reports to: progress, its result and its error. Every call must carry the
 * run's secret token ({@code Authorization: Bearer ...}): 401 without one, 403 with a wrong one, and a run that
 * is not running takes nothing (409). Bodies are validated field by field.
 */
@Path("/internal/runs/{id}")
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "job callbacks", description = "Called by the job JVM with the run's token; not for users")
public class RunCallbackResource {

    private final Runs runs;
    private final JobReports reports;
    private final ObjectMapper json;

    public RunCallbackResource(Runs runs, JobReports reports, ObjectMapper json) {
        this.runs = runs;
        this.reports = reports;
        this.json = json;
    }

    @POST
    @Path("/progress")
    @Operation(summary = "Progress of the job (phase, tasks, percent)")
    public Response progress(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                             JsonNode body) {
        Run run = authorized(id, auth);
        List<FieldError> errors = new ArrayList<>();
        requireObject(body, errors);
        String phase = text(body, "phase", errors);
        double percent = number(body, "percent", 0, 100, errors);
        long done = integer(body, "tasksDone", errors);
        long total = integer(body, "tasksTotal", errors);
        if (errors.isEmpty() && done > total) {
            errors.add(new FieldError("tasksDone", "must not exceed tasksTotal (" + done + " > " + total + ")"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("phase", phase);
        progress.put("tasksDone", done);
        progress.put("tasksTotal", total);
        progress.put("percent", percent);
        reports.progress(run, progress);
        return Response.noContent().build();
    }

    @POST
    @Path("/result")
    @Operation(summary = "The job's result document")
    public Response result(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                           JsonNode body) {
        Run run = authorized(id, auth);
        List<FieldError> errors = new ArrayList<>();
        requireObject(body, errors);
        if (errors.isEmpty()) {
            long simulations = integer(body, "simulations", errors);
            if (errors.isEmpty() && simulations != run.parameters().simulations()) {
                errors.add(new FieldError("simulations", "the run asked for " + run.parameters().simulations()
                        + ", the result has " + simulations));
            }
            for (String figure : List.of("var", "expectedShortfall")) {
                JsonNode perLevel = body.get(figure);
                if (perLevel == null || !perLevel.isObject()) {
                    errors.add(new FieldError(figure, "must be an object {level: value}"));
                    continue;
                }
                for (Double level : run.parameters().levels()) {
                    JsonNode value = perLevel.get(String.valueOf(level));
                    if (value == null || !value.isNumber()) {
                        errors.add(new FieldError(figure + "." + level, "must be a number"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = json.convertValue(body, Map.class);
        if (!reports.result(run, result)) {
            throw ProblemException.conflict("run " + id + " already has a different result");
        }
        return Response.noContent().build();
    }

    @POST
    @Path("/error")
    @Operation(summary = "The job's error message, before it exits non-zero")
    public Response error(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                          JsonNode body) {
        Run run = authorized(id, auth);
        List<FieldError> errors = new ArrayList<>();
        requireObject(body, errors);
        String message = errors.isEmpty() ? text(body, "message", errors) : null;
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        reports.jobError(run, message.length() > 2000 ? message.substring(0, 2000) : message);
        return Response.noContent().build();
    }

    /** The run, if the bearer token is its own and it is running. */
    private Run authorized(String id, String authorization) {
        Run run = runs.get(id);
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new ProblemException(401, "Unauthorized", "a bearer token is required");
        }
        String token = run.token();
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        if (token == null || !MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(403, "Forbidden", "the token is not this run's");
        }
        if (run.state() != RunState.RUNNING) {
            throw ProblemException.conflict("run " + id + " is " + run.state().eventName() + ", not running");
        }
        return run;
    }

    private static void requireObject(JsonNode body, List<FieldError> errors) {
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("body", "must be a JSON object"));
        }
    }

    private static String text(JsonNode body, String field, List<FieldError> errors) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank() || node.asText().length() > 200) {
            errors.add(new FieldError(field, "must be a non-empty string"));
            return null;
        }
        return node.asText();
    }

    private static double number(JsonNode body, String field, double min, double max, List<FieldError> errors) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || !node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
            errors.add(new FieldError(field, "must be a number in [" + min + ", " + max + "]"));
            return Double.NaN;
        }
        return node.asDouble();
    }

    private static long integer(JsonNode body, String field, List<FieldError> errors) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
            errors.add(new FieldError(field, "must be a non-negative integer"));
            return -1;
        }
        return node.asLong();
    }
}
