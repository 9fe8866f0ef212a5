package dev.sparkvar.oshinko;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.OshinkoException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URI;
import java.util.function.Supplier;

/**
 * The oshinko REST API for the adapter: {@link OshinkoRestClient}'s typed, guarded calls sent to the server
 * {@link OshinkoAddresses} names, with every failure as an {@link OshinkoException} that says what happened: the
 * server's own words, a 502 for a reply that is not oshinko's, 503 when unreachable, 504 when too slow.
 */
@ApplicationScoped
public class OshinkoClient {

    private final OshinkoAddresses addresses;
    private final OshinkoRestClient rest;

    public OshinkoClient(OshinkoAddresses addresses, @RestClient OshinkoRestClient rest) {
        this.addresses = addresses;
        this.rest = rest;
    }

    /** The oshinko server's base URL. */
    public URI baseUri() {
        return addresses.server();
    }

    /** {@code GET /}: the server's name and version; also the readiness probe. */
    public Uni<ServerInfo> info() {
        return call("GET /", ServerInfo.class, () -> rest.info(server(), authorization()));
    }

    /** {@code GET /clusters}. */
    public Uni<ClusterList> list() {
        return call("GET /clusters", ClusterList.class, () -> rest.list(server(), authorization()));
    }

    /** {@code POST /clusters} → 201; never retried, since a repeated create could make a second cluster. */
    public Uni<SingleCluster> create(NewCluster cluster) {
        return single("POST /clusters", () -> rest.create(server(), authorization(), cluster));
    }

    /** {@code GET /clusters/{name}}. */
    public Uni<SingleCluster> get(String name) {
        return single("GET /clusters/" + name, () -> rest.get(server(), authorization(), name));
    }

    /** {@code PUT /clusters/{name}} with {@code {"name","config":{"workerCount"}}} → 202. */
    public Uni<SingleCluster> scale(String name, int workerCount) {
        return single("PUT /clusters/" + name,
                () -> rest.update(server(), authorization(), name, NewCluster.scale(name, workerCount)));
    }

    /** {@code DELETE /clusters/{name}} → 204; a 404 means already gone and counts as success. */
    public Uni<Void> delete(String name) {
        return call("DELETE /clusters/" + name, Void.class, () -> rest.delete(server(), authorization(), name))
                .onFailure(ClusterNotFoundException.class).recoverWithItem(() -> {
                    Log.debugf("cluster %s was already gone", name);
                    return null;
                });
    }

    private Uni<SingleCluster> single(String call, Supplier<Uni<SingleCluster>> send) {
        return call(call, SingleCluster.class, send).map(single -> {
            if (single == null || single.cluster() == null || single.cluster().name() == null) {
                throw new OshinkoErrors.MalformedReply(call + " answered without cluster.name");
            }
            return single;
        });
    }

    /** The guarded call, its failures said in oshinko's terms. */
    private <T> Uni<T> call(String call, Class<?> type, Supplier<Uni<T>> send) {
        return Uni.createFrom().<T>deferred(send::get)
                .onFailure(f -> !(f instanceof OshinkoException)).transform(f -> {
                    if (f instanceof TimeoutException) {
                        return new OshinkoException(504, "oshinko server too slow", call + " on " + safeBaseUri()
                                + " gave no answer in time (sparkvar.oshinko.timeout, change-timeout)", f);
                    }
                    if (unreadable(f)) {
                        return new OshinkoErrors.MalformedReply(call + " answered a body that is not "
                                + type.getSimpleName() + " JSON (" + jsonProblem(f) + ")");
                    }
                    return new OshinkoException(503, "oshinko server unreachable",
                            call + " on " + safeBaseUri() + ": " + describe(f), f);
                });
    }

    /** Whether the failure is a reply Jackson could not read (as opposed to a transport failure). */
    static boolean unreadable(Throwable failure) {
        return jsonCause(failure) != null;
    }

    private static JsonProcessingException jsonCause(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }

    private static String jsonProblem(Throwable failure) {
        return jsonCause(failure).getOriginalMessage();
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

    /** The header the server wants with each call (the embedded default's internal token), or null. */
    private String authorization() {
        return addresses.authorization().orElse(null);
    }

    private String server() {
        return addresses.server().toString();
    }
}
