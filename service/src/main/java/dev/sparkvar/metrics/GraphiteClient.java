package dev.sparkvar.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sparkvar.access.AccessTokens;
import dev.sparkvar.server.LocalServer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Graphite's render API ({@link GraphiteRenderClient}, {@code from=-1min}) as "latest value" queries. No data
 * yet (refused connection, unknown host, 404, no series, only nulls) is {@code Optional.empty()}, not a failure:
 * the metrics pod may not be up. A body we cannot read, a 5xx or no answer in time is a {@link GraphiteException}.
 */
@ApplicationScoped
public class GraphiteClient {

    private final GraphiteRenderClient render;
    private final GraphiteConfig config;
    private final AccessTokens tokens;
    private final LocalServer server;

    public GraphiteClient(@RestClient GraphiteRenderClient render, GraphiteConfig config, AccessTokens tokens,
            LocalServer server) {
        this.render = render;
        this.config = config;
        this.tokens = tokens;
        this.server = server;
    }

    /** The latest non-null value of the first series of {@code target}. */
    public Uni<Optional<Double>> latest(String metricsUrl, String target) {
        return render(metricsUrl, target).map(series -> {
            if (series.isEmpty()) {
                return Optional.empty();
            }
            OptionalDouble last = latest(series.get(0), target);
            return last.isPresent() ? Optional.of(last.getAsDouble()) : Optional.empty();
        });
    }

    /** The sum over every series of {@code wildcardTarget} of each series' latest non-null value. */
    public Uni<Optional<Double>> sumLatest(String metricsUrl, String wildcardTarget) {
        return render(metricsUrl, wildcardTarget).map(series -> {
            double sum = 0;
            boolean any = false;
            for (Series s : series) {
                OptionalDouble last = latest(s, wildcardTarget);
                if (last.isPresent()) {
                    sum += last.getAsDouble();
                    any = true;
                }
            }
            return any ? Optional.of(sum) : Optional.empty();
        });
    }

    private static OptionalDouble latest(Series series, String target) {
        if (series == null || series.datapoints() == null) {
            throw new GraphiteException("Graphite series of '" + target + "' has no datapoints array: " + series);
        }
        List<List<Double>> points = series.datapoints();
        for (int i = points.size() - 1; i >= 0; i--) {
            List<Double> point = points.get(i);
            if (point == null || point.isEmpty()) {
                throw new GraphiteException("Graphite datapoint of '" + target + "' is not [value, timestamp]: " + point);
            }
            if (point.get(0) != null) {
                return OptionalDouble.of(point.get(0));
            }
        }
        return OptionalDouble.empty();
    }

    /** The render reply's series, none when there is no data yet. */
    private Uni<List<Series>> render(String metricsUrl, String target) {
        String base = metricsUrl.endsWith("/") ? metricsUrl.substring(0, metricsUrl.length() - 1) : metricsUrl;
        String url = base + "/render?target=" + target;
        return Uni.createFrom().<List<Series>>deferred(() -> render.render(base, authorization(base), target, "json", "-1min"))
                .onFailure(GraphiteClient::noDataYet).recoverWithItem(List.of())
                .onFailure(f -> !(f instanceof GraphiteException)).transform(f -> {
                    if (f instanceof TimeoutException) {
                        return new GraphiteException("Graphite gave no answer within " + config.timeout() + ": " + url);
                    }
                    JsonProcessingException json = jsonCause(f);
                    return json == null ? f : new GraphiteException("Graphite's reply to " + url
                            + " is not a JSON list of series (" + json.getOriginalMessage() + ")");
                })
                .map(series -> series == null ? List.<Series>of() : series);
    }

    /**
     * The {@code Authorization} of a render query: the embedded Graphite is one of this service's backend doors and
     * wants our own token (role backend); a remote Graphite never gets it.
     */
    private String authorization(String base) {
        return ours(base) ? tokens.internalAuthorization() : null;
    }

    /** Whether {@code url} is served by this service itself (its embedded Graphite). */
    private boolean ours(String url) {
        return server.boundUri().map(self -> url.startsWith(self + "/")).orElse(false);
    }

    /** The metrics pod may not be up yet: connection refused or no such host, or no such render path (404). */
    private static boolean noDataYet(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof GraphiteErrors.NoSeries) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static JsonProcessingException jsonCause(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }
}
