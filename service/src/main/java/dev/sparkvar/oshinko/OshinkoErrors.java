package dev.sparkvar.oshinko;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cluster.ClusterConflictException;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.OshinkoException;
import dev.sparkvar.problem.LogSafe;
import io.quarkus.rest.client.reactive.runtime.ResteasyReactiveResponseExceptionMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.impl.RestClientRequestContext;

/**
 * Oshinko's error replies ({@code {"errors":[{status,title,details}]}}) as the cluster port's exceptions with the
 * server's own title and details; an error without that body keeps its status and a snippet. A 2xx that is not JSON
 * (a proxy's login page) is no oshinko answer at all: {@link MalformedReply}, before Jackson gets to it.
 */
public class OshinkoErrors implements ResteasyReactiveResponseExceptionMapper<OshinkoException> {

    @Inject
    ObjectMapper json;

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400 || !json(headers);
    }

    @Override
    public OshinkoException toThrowable(Response response, RestClientRequestContext context) {
        int status = response.getStatus();
        String call = context.getHttpMethod() + " " + context.getUri().getPath();
        String body = response.hasEntity() ? response.readEntity(String.class) : null;
        if (status < 400) {
            return new MalformedReply(call + " answered " + status + " with " + response.getHeaderString("Content-Type")
                    + ", not oshinko's JSON: " + snippet(body));
        }
        ErrorItem item = firstError(body);
        if (item == null) {
            return exception(status, "oshinko answered " + status, call + " answered HTTP " + status
                    + " without oshinko's error body: " + snippet(body));
        }
        return exception(status, item.title() == null ? "oshinko answered " + status : item.title(),
                item.details() == null ? "" : item.details());
    }

    private static boolean json(MultivaluedMap<String, Object> headers) {
        Object type = headers.getFirst("Content-Type");
        // no type: an empty reply (DELETE's 204), read as nothing
        return type == null || MediaType.valueOf(type.toString()).isCompatible(MediaType.APPLICATION_JSON_TYPE);
    }

    private ErrorItem firstError(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            ErrorResponse errors = json.readValue(body, ErrorResponse.class);
            return errors == null || errors.errors() == null || errors.errors().isEmpty() ? null : errors.errors().get(0);
        } catch (JsonProcessingException e) {
            return null; // not oshinko's error shape: the status and the body's snippet tell
        }
    }

    private static OshinkoException exception(int status, String title, String details) {
        return switch (status) {
            case 404 -> new ClusterNotFoundException(title, details);
            case 409 -> new ClusterConflictException(title, details);
            default -> new OshinkoException(status, title, details);
        };
    }

    /** A reply's body fit for a message and a log line: a remote server's words, escaped and cut. */
    private static String snippet(String body) {
        return body == null || body.isEmpty() ? "(empty body)" : LogSafe.of(body, 200);
    }

    /** A reply we cannot read as oshinko's: not worth retrying. */
    static final class MalformedReply extends OshinkoException {
        MalformedReply(String details) {
            super(502, "unexpected reply from oshinko", details);
        }
    }
}
