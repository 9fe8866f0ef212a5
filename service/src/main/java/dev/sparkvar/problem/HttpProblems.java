package dev.sparkvar.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem answers written straight on a Vert.x response, for the refusals that happen before any JAX-RS resource
 * is chosen (authentication, browser safety, the embedded backend's doors), so that they look like the rest.
 */
public final class HttpProblems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpProblems() {
    }

    /** Ends {@code context}'s response with {@code status} and a problem document; logs the refusal at INFO. */
    public static void send(RoutingContext context, int status, String title, String detail) {
        String path = context.request().path();
        Log.infof("%d %s %s: %s", status, context.request().method(), LogSafe.of(path), detail);
        if (context.response().ended()) {
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(Problem.of(status, title, detail, LogSafe.of(path, 200)));
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + "}";
        }
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
