package dev.sparkvar.run;

import jakarta.annotation.security.PermitAll;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.jobapi.JobError;
import dev.sparkvar.jobapi.JobEvents;
import dev.sparkvar.jobapi.JobResult;
import dev.sparkvar.jobapi.ProgressReport;
import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.ProblemException;
import dev.sparkvar.problem.ProblemMappers;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small endpoint the job JVM reports to: progress, its result and its error. Every call must carry the
 * run's secret token ({@code Authorization: Bearer ...}), checked by {@link JobCallbackAuth} before the body is
 * read: 401 without one, 403 with a wrong one, and a run that is not running takes nothing (409). Bodies are the
 * job contract's records, checked with Bean Validation: 400 names each bad field.
 */
@Path(JobEvents.CALLBACK_RUN)
@PermitAll // the job's own per-run token, checked here (JobCallbackAuth)
// Progress and error bodies are strict; the result is read as a tree (the document has many more fields than the
// figures checked here) and kept whole.
@CustomDeserialization(CallbackJson.class)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "job callbacks", description = "Called by the job JVM with the run's token; not for users")
public class RunCallbackResource {

    static final String NOT_AN_OBJECT = "must be a JSON object";

    private final Runs runs;
    private final JobReports reports;
    private final ObjectMapper json;
    private final Validator validator;

    public RunCallbackResource(Runs runs, JobReports reports, ObjectMapper json, Validator validator) {
        this.runs = runs;
        this.reports = reports;
        this.json = json;
        this.validator = validator;
    }

    @POST
    @Path(JobEvents.PROGRESS_PATH)
    @Operation(summary = "Progress of the job (phase, tasks, percent)")
    public Response progress(@PathParam("id") String id,
                             @Valid @NotNull(message = NOT_AN_OBJECT) ProgressReport body) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("phase", body.phase());
        progress.put("tasksDone", body.tasksDone());
        progress.put("tasksTotal", body.tasksTotal());
        progress.put("percent", body.percent());
        reports.progress(runs.get(id), progress);
        return Response.noContent().build();
    }

    @POST
    @Path(JobEvents.RESULT_PATH)
    @Operation(summary = "The job's result document")
    public Response result(@PathParam("id") String id, JsonNode body) throws JsonProcessingException {
        Run run = runs.get(id);
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid(List.of(new FieldError("body", NOT_AN_OBJECT)));
        }
        // the figures the service checks, as a record; the whole document is kept
        JobResult figures = json.treeToValue(body, JobResult.class);
        List<FieldError> errors = ProblemMappers.fieldErrors(validator.validate(figures));
        if (errors.isEmpty()) {
            errors = matchingTheRun(figures, run.parameters());
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
    @Path(JobEvents.ERROR_PATH)
    @Operation(summary = "The job's error message, before it exits non-zero")
    public Response error(@PathParam("id") String id, @Valid @NotNull(message = NOT_AN_OBJECT) JobError body) {
        String message = body.message();
        reports.jobError(runs.get(id), message.length() > 2000 ? message.substring(0, 2000) : message);
        return Response.noContent().build();
    }

    /** The result is the one this run asked for: its simulations, and a figure for each of its levels. */
    private static List<FieldError> matchingTheRun(JobResult figures, RunParameters asked) {
        List<FieldError> errors = new ArrayList<>();
        if (figures.simulations() != asked.simulations()) {
            errors.add(new FieldError("simulations", "the run asked for " + asked.simulations()
                    + ", the result has " + figures.simulations()));
        }
        Map<String, Map<String, Double>> perLevel = new LinkedHashMap<>();
        perLevel.put("var", figures.var());
        perLevel.put("expectedShortfall", figures.expectedShortfall());
        perLevel.forEach((figure, values) -> {
            for (Double level : asked.levels()) {
                if (values.get(JobResult.levelKey(level)) == null) {
                    errors.add(new FieldError(figure + "." + level, "must be a number"));
                }
            }
        });
        return errors;
    }
}
