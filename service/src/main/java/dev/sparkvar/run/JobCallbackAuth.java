package dev.sparkvar.run;

import dev.sparkvar.jobapi.JobEvents;
import dev.sparkvar.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Admits a call to {@link RunCallbackResource} only with the run's own token while the run is running: 401 no bearer
 * token, 403 a token that is not the run's (compared in constant time) or a run that does not exist, answered alike,
 * so that a caller without a token learns nothing, not even which runs exist; 409 not running, to the run's own
 * token only. A request filter, so that it runs before the body is read and validated.
 */
public class JobCallbackAuth {

    /** Stands in for the token of a run that does not exist (never matches: it is not a token we hand out). */
    private static final String UNKNOWN = "-".repeat(43);

    private final Runs runs;

    public JobCallbackAuth(Runs runs) {
        this.runs = runs;
    }

    @ServerRequestFilter
    public void authorize(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource.getResourceClass() != RunCallbackResource.class) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(JobEvents.BEARER)) {
            throw new ProblemException(401, "Unauthorized", "a bearer token is required");
        }
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        Run run = id == null ? null : runs.find(id).orElse(null);
        // an unknown run is compared against a token of the same length all the same: no shortcut to time either
        String token = run == null || run.token() == null ? UNKNOWN : run.token();
        byte[] given = authorization.substring(JobEvents.BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean match = MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
        if (run == null || run.token() == null || !match) {
            throw new ProblemException(403, "Forbidden", "the token is not this run's");
        }
        if (run.state() != RunState.RUNNING) {
            throw ProblemException.conflict("run " + id + " is " + run.state().eventName() + ", not running");
        }
    }
}
