package dev.sparkvar.cluster;

import io.smallrye.mutiny.Uni;
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

/**
 * The oshinko REST API as raw replies: bodies come back as text so that {@link OshinkoClient} checks status
 * codes and parses them itself, turning anything unexpected into an {@link OshinkoException}.
 */
@Produces(MediaType.APPLICATION_JSON)
interface OshinkoRestClient {

    @GET
    @Path("/")
    Uni<RestResponse<String>> info();

    @GET
    @Path("/clusters")
    Uni<RestResponse<String>> list();

    @POST
    @Path("/clusters")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> create(NewCluster cluster);

    @GET
    @Path("/clusters/{name}")
    Uni<RestResponse<String>> get(@RestPath String name);

    @PUT
    @Path("/clusters/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> update(@RestPath String name, NewCluster cluster);

    @DELETE
    @Path("/clusters/{name}")
    Uni<RestResponse<String>> delete(@RestPath String name);
}
