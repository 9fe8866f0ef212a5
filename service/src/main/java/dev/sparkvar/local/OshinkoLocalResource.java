package dev.sparkvar.local;

import dev.sparkvar.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.sparkvar.oshinko.ClusterList;
import dev.sparkvar.oshinko.ErrorResponse;
import dev.sparkvar.oshinko.NewCluster;
import dev.sparkvar.cluster.OshinkoException;
import dev.sparkvar.oshinko.ServerInfo;
import dev.sparkvar.oshinko.SingleCluster;
import dev.sparkvar.problem.LogSafe;
import dev.sparkvar.problem.StrictJson;
import io.quarkus.logging.Log;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.function.Supplier;

/**
 * The oshinko REST API served by the local backend: same paths, status codes and bodies as oshinko ([F]),
 * so that the oshinko adapter takes the production code path. Blocking: process starts and stops.
 */
@Path(EmbeddedDefault.OSHINKO_PATH)
@RolesAllowed(Roles.BACKEND)
@LoopbackOnly
@Produces(MediaType.APPLICATION_JSON)
@Blocking
// Strict as a server: a field we do not model is refused, not ignored. Our oshinko client reads replies with the
// shared mapper and stays lenient: a real oshinko sends fields we do not model.
@CustomDeserialization(StrictJson.class)
public class OshinkoLocalResource {

    private final LocalOshinko clusters;
    private final EmbeddedDefault embedded;

    public OshinkoLocalResource(LocalOshinko clusters, EmbeddedDefault embedded) {
        this.clusters = clusters;
        this.embedded = embedded;
    }

    @GET
    @Path("/")
    public ServerInfo info() {
        return call("cannot get server info", () -> new ServerInfo(
                new ServerInfo.Application("sparkvar-local-oshinko", "0.1.0", null, null, null)));
    }

    @GET
    @Path("/clusters")
    public ClusterList list() {
        return call("cannot list clusters", clusters::list);
    }

    @POST
    @Path("/clusters")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<SingleCluster> create(NewCluster request) {
        SingleCluster created = call("cannot create cluster", () -> new SingleCluster(clusters.create(request)));
        // oshinko's exact header, relative to the API root; location(URI) would resolve it against the server root
        return RestResponse.ResponseBuilder.<SingleCluster>create(RestResponse.Status.CREATED)
                .header("Location", "/clusters/" + created.cluster().name()).entity(created).build();
    }

    @GET
    @Path("/clusters/{name}")
    public SingleCluster get(@RestPath String name) {
        return call("cannot get cluster", () -> new SingleCluster(clusters.get(name)));
    }

    @PUT
    @Path("/clusters/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<SingleCluster> update(@RestPath String name, NewCluster request) {
        SingleCluster updated = call("cannot update cluster", () -> new SingleCluster(clusters.update(name, request)));
        return RestResponse.status(RestResponse.Status.ACCEPTED, updated);
    }

    @DELETE
    @Path("/clusters/{name}")
    public RestResponse<Void> delete(@RestPath String name) {
        call("cluster deletion failed", () -> {
            clusters.delete(name);
            return null;
        });
        return RestResponse.noContent();
    }

    /**
     * Refuses to act when a real oshinko server is configured (no local processes in production); anything that
     * is not already an oshinko error becomes a 500 with the operation's title.
     */
    private <T> T call(String title, Supplier<T> action) {
        if (!embedded.active()) {
            throw new OshinkoException(404, "Not Found", "the local backend is off: an oshinko server is configured at "
                    + embedded.configuredServer().orElse("?"));
        }
        try {
            return action.get();
        } catch (OshinkoException e) {
            throw e;
        } catch (RuntimeException e) {
            Log.errorf(e, "%s", title);
            throw new OshinkoException(500, title, String.valueOf(e.getMessage()), e);
        }
    }

    /** Oshinko's error shape, {@code {"errors":[{status,title,details}]}}. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> toResponse(OshinkoException e) {
        if (e.status() >= 500) {
            Log.errorf("%s: %s", e.title(), LogSafe.of(e.details(), LogSafe.MAX_MESSAGE_CHARS));
        } else {
            Log.infof("%s: %s", e.title(), LogSafe.of(e.details(), LogSafe.MAX_MESSAGE_CHARS));
        }
        return RestResponse.ResponseBuilder.<ErrorResponse>create(e.status())
                .entity(ErrorResponse.of(e.status(), e.title(), e.details()))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
