package dev.sparkvar.access;

import dev.sparkvar.problem.HttpProblems;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses (400) a request whose path is not written the one way the permission rules and the REST router agree
 * on. The router ignores matrix parameters ({@code /runs;x} reaches {@code /runs}), decodes {@code %2F} and
 * {@code %3B} and resolves dot segments, while the permission paths ({@code quarkus.http.auth.permission.*}) were
 * matched on the raw path: every difference between the two is a way around a rule (issue 18: {@code GET /runs;x}
 * read every run without a credential). So a path with a {@code ;}, a backslash, an empty segment ({@code //}), a
 * dot segment, or a percent-encoded {@code / \ ; . %} is refused before anything else looks at it; what is left
 * reads the same to both. Upper case and a trailing slash are not refused: the router is case-sensitive (so
 * {@code /RUNS} is no route: deny by default answers it) and {@code /runs/} meets the same rule as {@code /runs}
 * ({@code AccessRouteTableTests} proves both for every route).
 */
@Singleton
public class CanonicalPaths {

    /** Before browser safety (400), hence before everything that reads the path. */
    static final int PRIORITY = 500;

    /** Encoded characters that change how a path splits or decodes: / \ ; . % */
    private static final Pattern ENCODED = Pattern.compile("%(2f|5c|3b|2e|25)");

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext context) {
        String why = refusal(context.request().path());
        if (why == null) {
            context.next();
        } else {
            HttpProblems.send(context, 400, "Bad Request", "the request path " + why
                    + "; write it without matrix parameters, encoded separators or dot segments");
        }
    }

    /** Why {@code rawPath} (as sent, not decoded) is refused, or null when it is canonical. */
    static String refusal(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return "does not start with '/'";
        }
        if (rawPath.indexOf(';') >= 0) {
            return "has a ';' (matrix parameters are not served)";
        }
        if (rawPath.indexOf('\\') >= 0) {
            return "has a backslash";
        }
        if (ENCODED.matcher(rawPath.toLowerCase(Locale.ROOT)).find()) {
            return "has a percent-encoded '/', '\\', ';', '.' or '%'";
        }
        if (rawPath.contains("//")) {
            return "has an empty segment ('//')";
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "has a dot segment ('" + segment + "')";
            }
        }
        return null;
    }
}
