package dev.sparkvar.oshinko;

import io.quarkus.rest.client.reactive.Url;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The oshinko REST API, typed: replies are read into oshinko's own records, error replies become the cluster port's
 * exceptions ({@link OshinkoErrors}), and each call carries its time limit and retry policy ({@link OshinkoGuards}):
 * reads, scale and delete are retried, a create never is. Each call names its server ({@link Url}) because the
 * address comes from {@link OshinkoAddresses}, which may be known only once this service listens.
 */
@RegisterRestClient(configKey = "oshinko")
@RegisterProvider(OshinkoErrors.class)
@Produces(MediaType.APPLICATION_JSON)
interface OshinkoRestClient {

    @GET
    @Path("/")
    @ApplyGuard(OshinkoGuards.READ)
    Uni<ServerInfo> info(@Url String server, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/clusters")
    @ApplyGuard(OshinkoGuards.READ)
    Uni<ClusterList> list(@Url String server, @HeaderParam("Authorization") String authorization);

    /** Never retried: a repeated create could make a second cluster. */
    @POST
    @Path("/clusters")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApplyGuard(OshinkoGuards.CREATE)
    Uni<SingleCluster> create(@Url String server, @HeaderParam("Authorization") String authorization, NewCluster cluster);

    @GET
    @Path("/clusters/{name}")
    @ApplyGuard(OshinkoGuards.READ)
    Uni<SingleCluster> get(@Url String server, @HeaderParam("Authorization") String authorization, @RestPath String name);

    /** Retried: setting the same worker count twice has the effect of setting it once. */
    @PUT
    @Path("/clusters/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApplyGuard(OshinkoGuards.CHANGE)
    Uni<SingleCluster> update(@Url String server, @HeaderParam("Authorization") String authorization, @RestPath String name,
            NewCluster cluster);

    @DELETE
    @Path("/clusters/{name}")
    @ApplyGuard(OshinkoGuards.CHANGE)
    Uni<Void> delete(@Url String server, @HeaderParam("Authorization") String authorization, @RestPath String name);
}
