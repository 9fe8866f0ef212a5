package dev.sparkvar.local;

import dev.sparkvar.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.LogSafe;
import dev.sparkvar.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Graphite's render API over the embedded per-cluster metric windows, in Graphite's JSON shape:
 * {@code [{"target":..,"tags":{"name":..},"datapoints":[[value, ts],...]}]}, one element per matching series.
 */
@Path(EmbeddedGraphite.PATH + "/{cluster}")
@RolesAllowed(Roles.BACKEND)
@LoopbackOnly
@Produces(MediaType.APPLICATION_JSON)
public class GraphiteRenderResource {

    /** Most {@code target} parameters in one request (our client sends one; Graphite dashboards a few). */
    static final int MAX_TARGETS = 20;

    /** Longest {@code from}/{@code until} taken: {@code -1000000seconds} and epoch seconds fit many times over. */
    static final int MAX_TIME_CHARS = 32;

    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)(s|sec|secs|second|seconds|min|mins|minute|minutes"
            + "|h|hour|hours|d|day|days|w|week|weeks)");

    private final EmbeddedGraphite graphite;

    public GraphiteRenderResource(EmbeddedGraphite graphite) {
        this.graphite = graphite;
    }

    /** One series of a render reply. */
    public record Series(String target, Map<String, String> tags, List<List<Number>> datapoints) {
    }

    @GET
    @Path("/render")
    public List<Series> render(@RestPath String cluster, @RestQuery List<String> target, @RestQuery String from,
            @RestQuery String until, @RestQuery String format) {
        List<FieldError> errors = new ArrayList<>();
        if (format != null && !format.equals("json")) {
            errors.add(new FieldError("format", "only json is supported, was '" + LogSafe.of(format) + "'"));
        }
        List<GraphiteGlob> globs = new ArrayList<>();
        if (target == null || target.isEmpty()) {
            errors.add(new FieldError("target", "is required"));
        } else if (target.size() > MAX_TARGETS) {
            errors.add(new FieldError("target", "at most " + MAX_TARGETS + " per request, had " + target.size()));
        } else {
            for (int i = 0; i < target.size(); i++) {
                try {
                    globs.add(GraphiteGlob.compile(target.get(i)));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("target[" + i + "]", e.getMessage()));
                }
            }
        }
        long now = MetricWindow.nowSeconds();
        long fromSeconds = 0;
        long untilSeconds = 0;
        try {
            fromSeconds = time(from, now - graphite.window().toSeconds(), now, "from");
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("from", e.getMessage()));
        }
        try {
            untilSeconds = time(until, now, now, "until");
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("until", e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        List<Series> series = new ArrayList<>();
        for (GraphiteGlob t : globs) {
            var points = graphite.query(cluster, t, fromSeconds, untilSeconds);
            if (points.isEmpty()) {
                throw noReceiver(cluster);
            }
            points.get().forEach((name, list) -> series.add(new Series(name, Map.of("name", name),
                    list.stream().map(p -> Arrays.<Number>asList(p.value(), p.timestamp())).toList())));
        }
        return series;
    }

    @GET
    @Path("/metrics/index.json")
    public List<String> index(@RestPath String cluster) {
        return graphite.names(cluster).orElseThrow(() -> noReceiver(cluster));
    }

    private static ProblemException noReceiver(String cluster) {
        return ProblemException.notFound("no metrics receiver for cluster '" + LogSafe.of(cluster) + "'");
    }

    /** Graphite time: empty → default, {@code now}, {@code -<n><unit>}, or epoch seconds. */
    static long time(String value, long fallback, long now, String parameter) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (value.equals("now")) {
            return now;
        }
        if (value.length() > MAX_TIME_CHARS) {
            // cut, never echoed whole: a 3,000-digit value would fill the reply and the log
            throw notATime(parameter, value);
        }
        Matcher m = RELATIVE.matcher(value);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw notATime(parameter, value);
            }
            long unit = switch (m.group(2).charAt(0)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                default -> 7 * 86400;
            };
            try {
                return Math.subtractExact(now, Math.multiplyExact(n, unit));
            } catch (ArithmeticException e) {
                throw notATime(parameter, value);
            }
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw notATime(parameter, value);
        }
    }

    private static IllegalArgumentException notATime(String parameter, String value) {
        return new IllegalArgumentException(parameter + "=" + LogSafe.of(value, 40)
                + " is not a Graphite time (expected e.g. -1min, -30s, now or epoch seconds)");
    }
}
