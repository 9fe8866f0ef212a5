package dev.sparkvar.run;

import dev.sparkvar.access.ApiRead;
import dev.sparkvar.access.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.LogSafe;
import dev.sparkvar.problem.ProblemException;
import dev.sparkvar.problem.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runs API: start a run, follow it live as Server-Sent Events, read its result and log, cancel it. */
@Path("/runs")
@RolesAllowed(Roles.USER)
@Tag(name = "runs")
@CustomDeserialization(StrictJson.class) // an unknown field is a 400, not a silent default
public class RunResource {

    private final Runs runs;
    private final RunFlow flow;
    private final RunsConfig config;
    private final ObjectMapper json;

    @Context
    Sse sse;

    public RunResource(Runs runs, RunFlow flow, RunsConfig config, ObjectMapper json) {
        this.runs = runs;
        this.flow = flow;
        this.config = config;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a run", description = "Every field is optional; 202 with Location: /runs/{id}.")
    public RestResponse<RunView> start(RunRequest request) {
        Run run = flow.start(required(request));
        return RestResponse.ResponseBuilder.<RunView>accepted(run.view())
                .location(URI.create("/runs/" + run.id())).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(summary = "Start a run and stream its events on the same response (Accept: text/event-stream)")
    public Multi<OutboundSseEvent> startAndStream(RunRequest request) {
        Run run = flow.start(required(request));
        return stream(run, 0);
    }

    @GET
    @PermitAll // reads: the rule is @ApiRead's (sparkvar.access.anonymous-read)
    @ApiRead
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The newest runs, newest first, each with its risk figures (GET /runs/{id} has the rest)")
    public List<RunView> list() {
        return runs.list().stream().map(Run::summaryView).toList();
    }

    @GET
    @PermitAll // reads: the rule is @ApiRead's (sparkvar.access.anonymous-read)
    @ApiRead
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A run: state, parameters, cluster, timings, result")
    public RunView get(@PathParam("id") String id) {
        return runs.get(id).view();
    }

    @GET
    @PermitAll // reads: the rule is @ApiRead's (sparkvar.access.anonymous-read)
    @ApiRead
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The run's events as SSE: past ones first, then live ones until the terminal event")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id,
                                          @RestHeader("Last-Event-ID") String lastEventId,
                                          @Parameter(description = "resume after this event id (like Last-Event-ID)")
                                          @QueryParam("after") String after) {
        Run run = runs.get(id);
        return stream(run, lastEventId != null ? resumePoint(run, "Last-Event-ID", lastEventId)
                : resumePoint(run, "after", after));
    }

    @GET
    @PermitAll // reads: the rule is @ApiRead's (sparkvar.access.anonymous-read)
    @ApiRead
    @Path("/{id}/log")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The last lines of the job's output")
    public String log(@PathParam("id") String id) {
        List<String> lines = runs.get(id).log().lines();
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    @DELETE
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a run: 202, then the stream ends with 'cancelled'; 409 if it is already over")
    public RestResponse<RunView> cancel(@PathParam("id") String id) {
        return RestResponse.accepted(flow.cancel(id).view());
    }

    private Multi<OutboundSseEvent> stream(Run run, long afterId) {
        return runs.counted(run.events(afterId, config.heartbeat())).map(this::toSse);
    }

    private OutboundSseEvent toSse(RunEvent event) {
        if (event.isHeartbeat()) {
            return sse.newEventBuilder().comment("keep-alive").data("").build();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("time", event.time().toString());
        data.putAll(event.data());
        try {
            return sse.newEventBuilder()
                    .id(String.valueOf(event.id()))
                    .name(event.name())
                    .data(json.writeValueAsString(data))
                    .build();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An empty body is refused rather than read as "every default": a client that lost its body on the way (a
     * proxy, a shell variable left empty) must not start a full run; {@code {}} asks for every default.
     */
    private static RunRequest required(RunRequest request) {
        if (request == null) {
            throw ProblemException.invalid(List.of(new FieldError("body",
                    "a JSON object is required ({} for every default)")));
        }
        return request;
    }

    /**
     * The event id to resume after: a non-negative number no later than the run's newest event (the server numbers
     * events, so a later one was never sent and would wait for nothing); {@code parameter} names where it came from.
     */
    private static long resumePoint(Run run, String parameter, String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        long id = -1;
        try {
            id = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            // reported below
        }
        if (id < 0) {
            throw ProblemException.invalid(List.of(new FieldError(parameter,
                    "must be a non-negative event id, was '" + LogSafe.of(value, 40) + "'")));
        }
        long last = run.lastEventId();
        if (id > last) {
            throw ProblemException.invalid(List.of(new FieldError(parameter,
                    "must be an event id of this run (at most " + last + "), was " + id)));
        }
        return id;
    }
}
