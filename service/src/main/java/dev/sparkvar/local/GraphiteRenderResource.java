package dev.sparkvar.local;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Graphite's render API over the embedded per-cluster metric windows, in Graphite's JSON shape:
 * {@code [{"target":..,"tags":{"name":..},"datapoints":[[value, ts],...]}]}, one element per matching series.
 */
@Path(EmbeddedGraphite.PATH + "/{cluster}")
@Produces(MediaType.APPLICATION_JSON)
public class GraphiteRenderResource {

    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)(s|sec|secs|second|seconds|min|mins|minute|minutes"
            + "|h|hour|hours|d|day|days|w|week|weeks)");

    private final EmbeddedGraphite graphite;

    public GraphiteRenderResource(EmbeddedGraphite graphite) {
        this.graphite = graphite;
    }

    /** One series of a render reply. */
    public record Series(String target, Map<String, String> tags, List<List<Number>> datapoints) {
    }

    /** An error reply of this endpoint. */
    public record RenderError(String error) {
    }

    @GET
    @Path("/render")
    public RestResponse<?> render(@RestPath String cluster, @RestQuery List<String> target, @RestQuery String from,
            @RestQuery String until, @RestQuery String format) {
        if (format != null && !format.equals("json")) {
            return RestResponse.status(RestResponse.Status.BAD_REQUEST,
                    new RenderError("only format=json is supported, got format=" + format));
        }
        if (target == null || target.isEmpty()) {
            return RestResponse.status(RestResponse.Status.BAD_REQUEST, new RenderError("missing target parameter"));
        }
        long now = MetricWindow.nowSeconds();
        long fromSeconds;
        long untilSeconds;
        try {
            fromSeconds = time(from, now - graphite.window().toSeconds(), now, "from");
            untilSeconds = time(until, now, now, "until");
        } catch (IllegalArgumentException e) {
            return RestResponse.status(RestResponse.Status.BAD_REQUEST, new RenderError(e.getMessage()));
        }
        List<Series> series = new ArrayList<>();
        for (String t : target) {
            var points = graphite.query(cluster, t, fromSeconds, untilSeconds);
            if (points.isEmpty()) {
                return RestResponse.status(RestResponse.Status.NOT_FOUND,
                        new RenderError("no metrics receiver for cluster '" + cluster + "'"));
            }
            points.get().forEach((name, list) -> series.add(new Series(name, Map.of("name", name),
                    list.stream().map(p -> Arrays.<Number>asList(p.value(), p.timestamp())).toList())));
        }
        return RestResponse.ok(series);
    }

    @GET
    @Path("/metrics/index.json")
    public RestResponse<?> index(@RestPath String cluster) {
        Optional<List<String>> names = graphite.names(cluster);
        return names.<RestResponse<?>>map(RestResponse::ok).orElseGet(() -> RestResponse.status(
                RestResponse.Status.NOT_FOUND, new RenderError("no metrics receiver for cluster '" + cluster + "'")));
    }

    /** Graphite time: empty → default, {@code now}, {@code -<n><unit>}, or epoch seconds. */
    static long time(String value, long fallback, long now, String parameter) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (value.equals("now")) {
            return now;
        }
        Matcher m = RELATIVE.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2).charAt(0)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                default -> 7 * 86400;
            };
            return now - n * unit;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + "=" + value
                    + " is not a Graphite time (expected e.g. -1min, -30s, now or epoch seconds)");
        }
    }
}
