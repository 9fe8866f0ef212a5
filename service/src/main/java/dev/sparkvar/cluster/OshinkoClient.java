package dev.sparkvar.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.local.LocalServer;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The oshinko REST API as typed, time-limited calls: errors become {@link OshinkoException}s that keep the
 * server's words, safe calls (GET, DELETE) are retried on 5xx and connection errors, a create never is.
 */
@ApplicationScoped
public class OshinkoClient {

    /** Path under this service where the embedded local backend serves the oshinko API. */
    public static final String LOCAL_PATH = "/oshinko";

    private final OshinkoConfig config;
    private final LocalServer localServer;
    private final ObjectMapper json;
    private final Map<String, String> env;
    private volatile URI baseUri;
    private volatile OshinkoRestClient rest;

    @Inject
    public OshinkoClient(OshinkoConfig config, LocalServer localServer, ObjectMapper json) {
        this(config, localServer, json, System.getenv());
    }

    OshinkoClient(OshinkoConfig config, LocalServer localServer, ObjectMapper json, Map<String, String> env) {
        this.config = config;
        this.localServer = localServer;
        this.json = json;
        this.env = env;
    }

    /** True when no oshinko server is configured and the embedded local backend answers. */
    public boolean isLocal() {
        return configuredUri() == null;
    }

    /** The oshinko server's base URL (the local backend's once this service listens). */
    public URI baseUri() {
        URI uri = baseUri;
        if (uri == null) {
            URI configured = configuredUri();
            uri = configured != null ? configured : URI.create(localServer.baseUri() + LOCAL_PATH);
            baseUri = uri;
        }
        return uri;
    }

    private URI configuredUri() {
        if (config.url().isPresent()) {
            return config.url().get();
        }
        String host = env.get("OSHINKO_REST_SERVICE_HOST");
        String port = env.get("OSHINKO_REST_SERVICE_PORT");
        if (host != null && !host.isBlank() && port != null && !port.isBlank()) {
            return URI.create("http://" + host + ":" + port);
        }
        return null;
    }

    /** {@code GET /}: the server's name and version; also the readiness probe. */
    public Uni<ServerInfo> info() {
        return safe("GET /", () -> rest().info(), Set.of(200), "cannot get server info", r -> parse(r, ServerInfo.class, "GET /"));
    }

    /** {@code GET /clusters}. */
    public Uni<ClusterList> list() {
        return safe("GET /clusters", () -> rest().list(), Set.of(200), "cannot list clusters",
                r -> parse(r, ClusterList.class, "GET /clusters"));
    }

    /** {@code POST /clusters} → 201; never retried, since a repeated create could make a second cluster. */
    public Uni<SingleCluster> create(NewCluster cluster) {
        String call = "POST /clusters";
        return attempt(call, () -> rest().create(cluster), Set.of(201), "cannot create cluster",
                r -> single(r, call), config.changeTimeout());
    }

    /** {@code GET /clusters/{name}}. */
    public Uni<SingleCluster> get(String name) {
        String call = "GET /clusters/" + name;
        return safe(call, () -> rest().get(name), Set.of(200), "cannot get cluster", r -> single(r, call));
    }

    /**
     * {@code PUT /clusters/{name}} with {@code {"name","config":{"workerCount"}}} → 202. Retried too: setting
     * the same worker count twice has the same effect as once.
     */
    public Uni<SingleCluster> scale(String name, int workerCount) {
        String call = "PUT /clusters/" + name;
        return withRetry(attempt(call, () -> rest().update(name, NewCluster.scale(name, workerCount)), Set.of(200, 202),
                "cannot update cluster", r -> single(r, call), config.changeTimeout()));
    }

    /** {@code DELETE /clusters/{name}} → 204; a 404 means already gone and counts as success. */
    public Uni<Void> delete(String name) {
        String call = "DELETE /clusters/" + name;
        Uni<Void> attempt = attempt(call, () -> rest().delete(name), Set.of(200, 202, 204),
                "cluster deletion failed", r -> null, config.changeTimeout());
        return withRetry(attempt.onFailure(ClusterNotFoundException.class).recoverWithItem(() -> {
            Log.debugf("cluster %s was already gone", name);
            return null;
        }));
    }

    private <T> Uni<T> safe(String call, Supplier<Uni<RestResponse<String>>> send, Set<Integer> ok, String title,
            Function<RestResponse<String>, T> read) {
        return withRetry(attempt(call, send, ok, title, read, config.timeout()));
    }

    private <T> Uni<T> withRetry(Uni<T> attempt) {
        return attempt.onFailure(OshinkoClient::retryable).retry()
                .withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(10))
                .atMost(config.retries());
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof OshinkoException e && e.transientFailure() && !(e instanceof MalformedReply);
    }

    private <T> Uni<T> attempt(String call, Supplier<Uni<RestResponse<String>>> send, Set<Integer> ok,
            String title, Function<RestResponse<String>, T> read, Duration timeout) {
        return Uni.createFrom().<RestResponse<String>>deferred(send::get)
                .ifNoItem().after(timeout).failWith(() -> new OshinkoException(504, "oshinko server too slow",
                        call + " on " + baseUri() + " gave no answer within " + timeout))
                .onFailure(f -> !(f instanceof OshinkoException)).transform(f -> new OshinkoException(503,
                        "oshinko server unreachable", call + " on " + safeBaseUri() + ": " + describe(f), f))
                .map(reply -> {
                    if (ok.contains(reply.getStatus())) {
                        return read.apply(reply);
                    }
                    throw error(reply, call, title);
                });
    }

    private String safeBaseUri() {
        try {
            return baseUri().toString();
        } catch (RuntimeException e) {
            return "(no address: " + e.getMessage() + ")";
        }
    }

    private static String describe(Throwable f) {
        Throwable root = f;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Oshinko's error body when there is one, the bare status (with a snippet of the body) otherwise. */
    private OshinkoException error(RestResponse<String> reply, String call, String title) {
        int status = reply.getStatus();
        String body = body(reply);
        ErrorItem item = null;
        try {
            ErrorResponse errors = body == null || body.isBlank() ? null : json.readValue(body, ErrorResponse.class);
            if (errors != null && errors.errors() != null && !errors.errors().isEmpty()) {
                item = errors.errors().get(0);
            }
        } catch (JsonProcessingException e) {
            // not oshinko's error shape: report the status and what came back
        }
        if (item == null) {
            if (status >= 200 && status < 300) {
                return new MalformedReply(call + " answered " + status + " where oshinko answers "
                        + expected(call) + ": " + snippet(body));
            }
            String details = call + " answered HTTP " + status + " without oshinko's error body: " + snippet(body);
            return exception(status, title, details);
        }
        String itemTitle = item.title() == null ? title : item.title();
        String details = item.details() == null ? "" : item.details();
        return exception(status, itemTitle, details);
    }

    private static String expected(String call) {
        return call.startsWith("POST") ? "201" : call.startsWith("PUT") ? "202" : call.startsWith("DELETE") ? "204" : "200";
    }

    private static OshinkoException exception(int status, String title, String details) {
        return switch (status) {
            case 404 -> new ClusterNotFoundException(title, details);
            case 409 -> new ClusterConflictException(title, details);
            default -> new OshinkoException(status, title, details);
        };
    }

    private SingleCluster single(RestResponse<String> reply, String call) {
        SingleCluster single = parse(reply, SingleCluster.class, call);
        if (single.cluster() == null || single.cluster().name() == null) {
            throw new MalformedReply(call + " answered without cluster.name: " + snippet(body(reply)));
        }
        return single;
    }

    private <T> T parse(RestResponse<String> reply, Class<T> type, String call) {
        String body = body(reply);
        if (body == null || body.isBlank()) {
            throw new MalformedReply(call + " answered " + reply.getStatus() + " with an empty body, expected "
                    + type.getSimpleName() + " JSON");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new MalformedReply(call + " answered null, expected " + type.getSimpleName() + " JSON");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new MalformedReply(call + " answered a body that is not " + type.getSimpleName() + " JSON ("
                    + e.getOriginalMessage() + "): " + snippet(body));
        }
    }

    /** The reply's body as text: error replies come back undeserialized, as a stream. */
    private static String body(RestResponse<String> reply) {
        Object entity = ((RestResponse<?>) reply).getEntity();
        if (entity == null || entity instanceof String) {
            return (String) entity;
        }
        try {
            if (entity instanceof java.io.InputStream in) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            return reply.readEntity(String.class);
        } catch (RuntimeException | java.io.IOException e) {
            return "(unreadable body: " + e.getMessage() + ")";
        }
    }

    private static String snippet(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty body)";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }

    private OshinkoRestClient rest() {
        OshinkoRestClient client = rest;
        if (client == null) {
            synchronized (this) {
                client = rest;
                if (client == null) {
                    // per-call limits are enforced above; these only bound the transport
                    long connect = config.timeout().toMillis();
                    long read = Math.max(connect, config.changeTimeout().toMillis());
                    client = QuarkusRestClientBuilder.newBuilder()
                            .baseUri(baseUri())
                            .connectTimeout(connect, TimeUnit.MILLISECONDS)
                            .readTimeout(read, TimeUnit.MILLISECONDS)
                            // statuses are checked here, with oshinko's error body kept
                            .property("microprofile.rest.client.disable.default.mapper", true)
                            .build(OshinkoRestClient.class);
                    rest = client;
                }
            }
        }
        return client;
    }

    /** A reply we cannot read as oshinko's: not worth retrying. */
    static final class MalformedReply extends OshinkoException {
        MalformedReply(String details) {
            super(502, "unexpected reply from oshinko", details);
        }
    }
}
