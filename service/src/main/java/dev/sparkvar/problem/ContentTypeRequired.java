package dev.sparkvar.problem;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request with a body must say what the body is. Quarkus REST reads a body without {@code Content-Type} as
 * whatever the endpoint consumes, so {@code curl -d '{}' /runs} (form-encoded by curl) or a form a page posts
 * cross-site would start a run; refused with 415 instead, before the body is read ({@link ProblemMappers} words it).
 */
public class ContentTypeRequired {

    @ServerRequestFilter
    public void require(ContainerRequestContext request) {
        boolean hasBody = request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
        if (hasBody && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null) {
            throw new NotSupportedException("Content-Type is missing");
        }
    }
}
