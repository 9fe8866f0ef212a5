package dev.sparkvar.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * A request that declares a body larger than {@code quarkus.http.limits.max-body-size} gets its 413 as problem
 * JSON saying the limit. Quarkus' own check (a Vert.x route of order -2, before any REST code or exception mapper)
 * answers the same 413 with an empty body; this route runs just before it and answers first. Like Quarkus, it
 * closes the connection once answered instead of reading a body it refuses. A chunked body (no
 * {@code Content-Length}) is counted while it is read, by Quarkus, which answers 413 as before.
 */
@ApplicationScoped
public class BodyLimit {

    /** Before Quarkus' own body-size route (-2). */
    static final int ROUTE_ORDER = -3;

    private final Optional<MemorySize> limit;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        this.limit = limit;
    }

    void route(@Observes Router router) {
        limit.ifPresent(max -> router.route().order(ROUTE_ORDER).handler(rc -> check(rc, max.asLongValue())));
    }

    private void check(RoutingContext rc, long max) {
        long declared = declaredLength(rc.request().getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared <= max) {
            rc.next();
            return;
        }
        // like Quarkus: the rest of a body this large is not read, the connection closes once answered
        rc.response().putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ignored -> rc.request().connection().close());
        HttpProblems.send(rc, 413, "Content Too Large", "the request body has " + declared
                + " bytes; this service takes at most " + max + " (quarkus.http.limits.max-body-size)");
    }

    /** The declared length, or -1 when there is none (chunked) or it is not a number (Quarkus refuses it later). */
    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
