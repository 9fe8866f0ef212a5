package dev.sparkvar.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Turns failures into {@code application/problem+json} responses: domain problems keep their status and bad
 * fields, unreadable JSON names the field it broke at, Bean Validation names each bad field, and nothing leaks a
 * stack trace.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Log.infof("%d %s: %s", e.status(), LogSafe.of(uri.getPath()), LogSafe.of(e.getMessage(), LogSafe.MAX_MESSAGE_CHARS));
        return respond(new Problem("about:blank", e.title(), e.status(), e.getMessage(), instance(uri), e.errors()));
    }

    /** 429 with {@code Retry-After} in whole seconds, so that a client knows when a place may be free. */
    @ServerExceptionMapper
    public Response retryLater(RetryLaterException e, UriInfo uri) {
        Log.infof("429 %s: %s", LogSafe.of(uri.getPath()), LogSafe.of(e.getMessage(), LogSafe.MAX_MESSAGE_CHARS));
        Problem problem = Problem.of(429, e.title(), e.getMessage(), uri.getPath());
        return Response.status(429).type(Problem.MEDIA_TYPE).entity(problem)
                .header("Retry-After", String.valueOf(e.retryAfter().toSeconds())).build();
    }

    /** A {@code @Valid} request body that breaks its constraints: 400 with every bad field, as {@link #problem}. */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(ProblemMappers::ofReturnValue)) {
            Log.errorf(e, "500 %s: invalid response", LogSafe.of(uri.getPath()));
            return respond(Problem.of(500, "Internal Server Error", "invalid response", instance(uri)));
        }
        return problem(ProblemException.invalid(fieldErrors(e.getConstraintViolations())), uri);
    }

    /**
     * The bad fields of {@code violations}, each named by its JSON path within the body (e.g. {@code tasksDone},
     * {@code levels[1]}, {@code var.0.05}; {@code body} for the body itself), sorted by field.
     */
    public static List<FieldError> fieldErrors(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> new FieldError(field(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
    }

    /** The JSON path of a violation: method and parameter nodes dropped, list indexes and map keys kept. */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.PARAMETER
                    || kind == ElementKind.CROSS_PARAMETER) {
                field.setLength(0); // what follows is inside the parameter: the body
                continue;
            }
            if (node.isInIterable()) {
                if (node.getIndex() != null) {
                    field.append('[').append(node.getIndex()).append(']');
                } else if (node.getKey() != null) {
                    field.append('.').append(node.getKey());
                }
            }
            if (kind == ElementKind.PROPERTY && node.getName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }

    private static boolean ofReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * A field the body's type does not have (bodies read with {@link StrictJson}): 400 naming it by its path, with
     * the fields that type knows, so that a typo ({@code simulation}) is not silently a default.
     */
    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = path(e);
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        String message = "unknown field" + (known.isEmpty() ? "" : "; known fields: " + String.join(", ", known));
        // the name as sent, which may be a 10 KiB key: escaped and cut
        return problem(ProblemException.invalid(List.of(new FieldError(field.isEmpty() ? "body" : LogSafe.of(field),
                message))), uri);
    }

    // One mapper per Jackson type that Quarkus REST maps itself, so that ours (closer in the hierarchy) win.
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unmappableJson(JsonMappingException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unparsableJson(JsonParseException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String detail = firstLine(e.getOriginalMessage());
        if (e.getLocation() != null) {
            detail += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        FieldError error = new FieldError(field.isEmpty() ? "body" : LogSafe.of(field), detail);
        Log.infof("400 %s: unreadable JSON at %s: %s", LogSafe.of(uri.getPath()), LogSafe.of(error.field()),
                LogSafe.of(detail, LogSafe.MAX_MESSAGE_CHARS));
        return respond(new Problem("about:blank", "Invalid request", 400, error.field() + ": " + detail,
                instance(uri), List.of(error)));
    }

    /**
     * What Quarkus REST refuses before a resource runs (no such path, a method, Content-Type or Accept the endpoint
     * does not take): the same problem JSON, saying which part of the request was wrong instead of "HTTP 415".
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers, Request request) {
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            return unknownField(unknown, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        String title = original.getStatusInfo().getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no resource at " + LogSafe.of(uri.getPath());
            case 405 -> "method " + LogSafe.of(request.getMethod(), 20) + " is not allowed on "
                    + LogSafe.of(uri.getPath()) + allowed(original);
            case 406 -> "Accept '" + LogSafe.of(headers.getHeaderString(HttpHeaders.ACCEPT))
                    + "' names no type this endpoint produces";
            case 415 -> headers.getHeaderString(HttpHeaders.CONTENT_TYPE) == null
                    ? "Content-Type is missing; this endpoint takes application/json"
                    : "Content-Type '" + LogSafe.of(headers.getHeaderString(HttpHeaders.CONTENT_TYPE))
                    + "' is not supported; this endpoint takes application/json";
            default -> LogSafe.of(e.getMessage(), LogSafe.MAX_MESSAGE_CHARS);
        };
        if (status >= 500) {
            Log.errorf(e, "%d %s", status, LogSafe.of(uri.getPath()));
        } else {
            Log.infof("%d %s: %s", status, LogSafe.of(uri.getPath()), detail);
        }
        Response.ResponseBuilder answer = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, detail, instance(uri)));
        if (original.getHeaderString(HttpHeaders.ALLOW) != null) {
            answer.header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW));
        }
        return answer.build();
    }

    private static String allowed(Response original) {
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        return allow == null || allow.isBlank() ? "" : " (allowed: " + allow + ")";
    }

    /** The problem's {@code instance}: the request path, cut so that a long id is not echoed whole. */
    static String instance(UriInfo uri) {
        return LogSafe.of(uri.getPath(), 200);
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The JSON path of a mapping failure, e.g. {@code levels[1]} or {@code holdings.AAPL}. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
