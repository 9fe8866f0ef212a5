package dev.sparkvar.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sparkvar.access.AccessTokens;
import dev.sparkvar.server.LocalServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Graphite's render API ({@code /render?target=...&format=json&from=-1min}) as "latest value" queries. No data
 * yet (refused connection, unknown host, 404, no series, only nulls) is {@code Optional.empty()}, not a failure:
 * the metrics pod may not be up. A body we cannot read or a 5xx is a {@link GraphiteException}.
 */
@ApplicationScoped
public class GraphiteClient {

    private final HttpClient http;
    private final ObjectMapper json;
    private final GraphiteConfig config;
    /** The {@code Authorization} a render URL gets: our own token for this service's embedded Graphite, else none. */
    private final Function<String, Optional<String>> credentials;

    @Inject
    public GraphiteClient(Vertx vertx, ObjectMapper json, GraphiteConfig config, AccessTokens tokens,
            LocalServer server) {
        this(vertx, json, config, url -> ours(server, url) ? Optional.of(tokens.internalAuthorization())
                : Optional.empty());
    }

    /** A client that sends no credential (a remote Graphite, tests). */
    public GraphiteClient(Vertx vertx, ObjectMapper json, GraphiteConfig config) {
        this(vertx, json, config, url -> Optional.empty());
    }

    private GraphiteClient(Vertx vertx, ObjectMapper json, GraphiteConfig config,
            Function<String, Optional<String>> credentials) {
        this.json = json;
        this.config = config;
        this.credentials = credentials;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }

    /** The latest non-null value of the first series of {@code target}. */
    public Uni<Optional<Double>> latest(String metricsUrl, String target) {
        return render(metricsUrl, target).map(series -> {
            if (series == null || series.isEmpty()) {
                return Optional.empty();
            }
            OptionalDouble last = latest(series.get(0), target);
            return last.isPresent() ? Optional.of(last.getAsDouble()) : Optional.empty();
        });
    }

    /** The sum over every series of {@code wildcardTarget} of each series' latest non-null value. */
    public Uni<Optional<Double>> sumLatest(String metricsUrl, String wildcardTarget) {
        return render(metricsUrl, wildcardTarget).map(series -> {
            if (series == null) {
                return Optional.empty();
            }
            double sum = 0;
            boolean any = false;
            for (JsonNode s : series) {
                OptionalDouble last = latest(s, wildcardTarget);
                if (last.isPresent()) {
                    sum += last.getAsDouble();
                    any = true;
                }
            }
            return any ? Optional.of(sum) : Optional.empty();
        });
    }

    private static OptionalDouble latest(JsonNode series, String target) {
        JsonNode points = series.get("datapoints");
        if (points == null || !points.isArray()) {
            throw new GraphiteException("Graphite series of '" + target + "' has no datapoints array: " + series);
        }
        for (int i = points.size() - 1; i >= 0; i--) {
            JsonNode point = points.get(i);
            if (!point.isArray() || point.isEmpty()) {
                throw new GraphiteException("Graphite datapoint of '" + target + "' is not [value, timestamp]: " + point);
            }
            JsonNode value = point.get(0);
            if (value.isNumber()) {
                return OptionalDouble.of(value.asDouble());
            }
            if (!value.isNull()) {
                throw new GraphiteException("Graphite value of '" + target + "' is not a number: " + point);
            }
        }
        return OptionalDouble.empty();
    }

    /** The render reply as a JSON array, or {@code null} when there is no data yet. */
    private Uni<JsonNode> render(String metricsUrl, String target) {
        String url = stripSlash(metricsUrl) + "/render?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)
                + "&format=json&from=-1min";
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(config.timeout().toMillis());
        // the embedded Graphite is one of this service's backend doors: it wants our own token (role backend); a
        // remote Graphite never gets it
        credentials.apply(url).ifPresent(authorization -> options.putHeader("Authorization", authorization));
        return http.request(options)
                .flatMap(request -> request.send())
                .flatMap(response -> response.body().map(body -> read(response, body, url)))
                .ifNoItem().after(config.timeout()).failWith(() -> new GraphiteException(
                        "Graphite gave no answer within " + config.timeout() + ": " + url))
                .onFailure(GraphiteClient::noDataYet).recoverWithNull();
    }

    /** Whether {@code url} is served by this service itself (its embedded Graphite). */
    private static boolean ours(LocalServer server, String url) {
        try {
            return url.startsWith(server.baseUri() + "/");
        } catch (IllegalStateException notListening) {
            return false;
        }
    }

    private JsonNode read(HttpClientResponse response, Buffer body, String url) {
        int status = response.statusCode();
        if (status == 404) {
            return null;
        }
        if (status != 200) {
            throw new GraphiteException("Graphite answered HTTP " + status + " to " + url + ": " + snippet(body.toString()));
        }
        try {
            JsonNode node = json.readTree(body.toString());
            if (node == null || !node.isArray()) {
                throw new GraphiteException("Graphite's reply to " + url + " is not a JSON list of series: "
                        + snippet(body.toString()));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new GraphiteException("Graphite's reply to " + url + " is not JSON (" + e.getOriginalMessage() + "): "
                    + snippet(body.toString()));
        }
    }

    /** The metrics pod may not be up yet: connection refused or no such host. */
    private static boolean noDataYet(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String snippet(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
