package dev.sparkvar.oshinko;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.OshinkoException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.InputStream;
import java.net.URI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The oshinko REST API as typed, time-limited calls: errors become {@link OshinkoException}s that keep the
 * server's words, safe calls (GET, DELETE) are retried on 5xx and connection errors, a create never is.
 */
@ApplicationScoped
public class OshinkoClient {

    private final OshinkoConfig config;
    private final OshinkoAddresses addresses;
    private final OshinkoRestClient rest;
    private final ObjectMapper json;

    public OshinkoClient(OshinkoConfig config, OshinkoAddresses addresses, @RestClient OshinkoRestClient rest,
            ObjectMapper json) {
        this.config = config;
        this.addresses = addresses;
        this.rest = rest;
        this.json = json;
    }

    /** The header the server wants with each call (the embedded default's internal token), or null. */
    private String authorization() {
        return addresses.authorization().orElse(null);
    }

    /** The oshinko server's base URL. */
    public URI baseUri() {
        return addresses.server();
    }

    /** {@code GET /}: the server's name and version; also the readiness probe. */
    public Uni<ServerInfo> info() {
        return safe("GET /", () -> rest.info(server(), authorization()), Set.of(200), r -> parse(r, ServerInfo.class, "GET /"));
    }

    /** {@code GET /clusters}. */
    public Uni<ClusterList> list() {
        return safe("GET /clusters", () -> rest.list(server(), authorization()), Set.of(200),
                r -> parse(r, ClusterList.class, "GET /clusters"));
    }

    /** {@code POST /clusters} → 201; never retried, since a repeated create could make a second cluster. */
    public Uni<SingleCluster> create(NewCluster cluster) {
        String call = "POST /clusters";
        return attempt(call, () -> rest.create(server(), authorization(), cluster), Set.of(201),
                r -> single(r, call), config.changeTimeout());
    }

    /** {@code GET /clusters/{name}}. */
    public Uni<SingleCluster> get(String name) {
        String call = "GET /clusters/" + name;
        return safe(call, () -> rest.get(server(), authorization(), name), Set.of(200), r -> single(r, call));
    }

    /**
     * {@code PUT /clusters/{name}} with {@code {"name","config":{"workerCount"}}} → 202. Retried too: setting
     * the same worker count twice has the same effect as once.
     */
    public Uni<SingleCluster> scale(String name, int workerCount) {
        String call = "PUT /clusters/" + name;
        return withRetry(attempt(call, () -> rest.update(server(), authorization(), name, NewCluster.scale(name, workerCount)), Set.of(200, 202),
                r -> single(r, call), config.changeTimeout()));
    }

    /** {@code DELETE /clusters/{name}} → 204; a 404 means already gone and counts as success. */
    public Uni<Void> delete(String name) {
        String call = "DELETE /clusters/" + name;
        Uni<Void> attempt = attempt(call, () -> rest.delete(server(), authorization(), name), Set.of(200, 202, 204),
                r -> null, config.changeTimeout());
        return withRetry(attempt.onFailure(ClusterNotFoundException.class).recoverWithItem(() -> {
            Log.debugf("cluster %s was already gone", name);
            return null;
        }));
    }

    private <T> Uni<T> safe(String call, Supplier<Uni<RestResponse<String>>> send, Set<Integer> ok,
            Function<RestResponse<String>, T> read) {
        return withRetry(attempt(call, send, ok, read, config.timeout()));
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
            Function<RestResponse<String>, T> read, Duration timeout) {
        return Uni.createFrom().<RestResponse<String>>deferred(send::get)
                .ifNoItem().after(timeout).failWith(() -> new OshinkoException(504, "oshinko server too slow",
                        call + " on " + baseUri() + " gave no answer within " + timeout))
                .onFailure(f -> !(f instanceof OshinkoException)).transform(f -> new OshinkoException(503,
                        "oshinko server unreachable", call + " on " + safeBaseUri() + ": " + describe(f), f))
                .map(reply -> {
                    if (ok.contains(reply.getStatus())) {
                        return read.apply(reply);
                    }
                    throw unexpected(reply, call);
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

    /**
     * A reply outside the expected statuses that is no error (errors become exceptions in
     * {@link OshinkoRestClient#toException}): e.g. a login page's 200 where oshinko answers 201.
     */
    private static OshinkoException unexpected(RestResponse<String> reply, String call) {
        return new MalformedReply(call + " answered " + reply.getStatus() + " where oshinko answers "
                + expected(call) + ": " + snippet(body(reply)));
    }

    private static String expected(String call) {
        return call.startsWith("POST") ? "201" : call.startsWith("PUT") ? "202" : call.startsWith("DELETE") ? "204" : "200";
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
            if (entity instanceof InputStream in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return reply.readEntity(String.class);
        } catch (RuntimeException | IOException e) {
            return "(unreadable body: " + e.getMessage() + ")";
        }
    }

    static String snippet(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty body)";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }

    private String server() {
        return addresses.server().toString();
    }

    /** A reply we cannot read as oshinko's: not worth retrying. */
    static final class MalformedReply extends OshinkoException {
        MalformedReply(String details) {
            super(502, "unexpected reply from oshinko", details);
        }
    }
}
