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
 * Admits a call to {@link RunCallbackResource} only with the run's own token while the run is running: 404 unknown
 * run, 401 no bearer token, 403 another token (compared in constant time), 409 not running. A request filter, so
 * that it runs before the body is read and validated: a caller without the token learns nothing about bodies.
 */
public class JobCallbackAuth {

    private final Runs runs;

    public JobCallbackAuth(Runs runs) {
        this.runs = runs;
    }

    @ServerRequestFilter
    public void authorize(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource.getResourceClass() != RunCallbackResource.class) {
            return;
        }
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        Run run = runs.get(id);
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(JobEvents.BEARER)) {
            throw new ProblemException(401, "Unauthorized", "a bearer token is required");
        }
        String token = run.token();
        byte[] given = authorization.substring(JobEvents.BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (token == null || !MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(403, "Forbidden", "the token is not this run's");
        }
        if (run.state() != RunState.RUNNING) {
            throw ProblemException.conflict("run " + id + " is " + run.state().eventName() + ", not running");
        }
    }
}
