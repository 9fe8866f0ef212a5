package dev.sparkvar.metrics;

import dev.sparkvar.problem.LogSafe;
import io.quarkus.rest.client.reactive.runtime.ResteasyReactiveResponseExceptionMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.impl.RestClientRequestContext;

/**
 * Render replies that carry no series: a 404 (no such Graphite path: no data yet, see {@link NoSeries}), another
 * error status, or a 2xx that is not JSON (an HTML error page), the latter two as {@link GraphiteException}s.
 */
public class GraphiteErrors implements ResteasyReactiveResponseExceptionMapper<RuntimeException> {

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        Object type = headers.getFirst("Content-Type");
        return status >= 400 || type != null
                && !MediaType.valueOf(type.toString()).isCompatible(MediaType.APPLICATION_JSON_TYPE);
    }

    @Override
    public RuntimeException toThrowable(Response response, RestClientRequestContext context) {
        int status = response.getStatus();
        if (status == 404) {
            return new NoSeries();
        }
        String url = context.getUri().toString();
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        if (status >= 400) {
            return new GraphiteException("Graphite answered HTTP " + status + " to " + url + ": " + snippet(body));
        }
        return new GraphiteException("Graphite's reply to " + url + " is not JSON ("
                + response.getHeaderString("Content-Type") + "): " + snippet(body));
    }

    /** A reply's body fit for a message and a log line: a remote server's words, escaped and cut. */
    private static String snippet(String body) {
        return LogSafe.of(body, 200);
    }

    /** Graphite has no such path yet: the metrics pod is not up, no data rather than a failure. */
    static final class NoSeries extends RuntimeException {
        NoSeries() {
            super("no such render path", null, false, false);
        }
    }
}
