package dev.sparkvar.oshinko;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cluster.ClusterConflictException;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.OshinkoException;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.rest.client.reactive.Url;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.IOException;
import java.lang.reflect.Method;

/**
 * The oshinko REST API. Each call names its server ({@link Url}): the address comes from {@link OshinkoAddresses},
 * which may be known only once this service listens. Successful replies come back as text so that
 * {@link OshinkoClient} can tell a malformed body or an unexpected 2xx from a real answer; error replies become
 * {@link OshinkoException}s that keep the server's own title and details ({@link #toException}).
 */
@RegisterRestClient(configKey = "oshinko")
@Produces(MediaType.APPLICATION_JSON)
interface OshinkoRestClient {

    @GET
    @Path("/")
    Uni<RestResponse<String>> info(@Url String server, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/clusters")
    Uni<RestResponse<String>> list(@Url String server, @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/clusters")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> create(@Url String server, @HeaderParam("Authorization") String authorization, NewCluster cluster);

    @GET
    @Path("/clusters/{name}")
    Uni<RestResponse<String>> get(@Url String server, @HeaderParam("Authorization") String authorization, @RestPath String name);

    @PUT
    @Path("/clusters/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> update(@Url String server, @HeaderParam("Authorization") String authorization, @RestPath String name, NewCluster cluster);

    @DELETE
    @Path("/clusters/{name}")
    Uni<RestResponse<String>> delete(@Url String server, @HeaderParam("Authorization") String authorization, @RestPath String name);

    /** An error reply as oshinko's {@code {"errors":[{status,title,details}]}}, or its status and a snippet. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response, Method method) {
        int status = response.getStatus();
        String title = switch (method.getName()) {
            case "info" -> "cannot get server info";
            case "list" -> "cannot list clusters";
            case "create" -> "cannot create cluster";
            case "get" -> "cannot get cluster";
            case "update" -> "cannot update cluster";
            default -> "cluster deletion failed";
        };
        String body = response.hasEntity() ? response.readEntity(String.class) : null;
        ErrorItem item = firstError(body);
        if (item == null) {
            return exception(status, title, call(method) + " answered HTTP " + status
                    + " without oshinko's error body: " + OshinkoClient.snippet(body));
        }
        return exception(status, item.title() == null ? title : item.title(), item.details() == null ? "" : item.details());
    }

    private static ErrorItem firstError(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            ErrorResponse errors = Json.MAPPER.readValue(body, ErrorResponse.class);
            return errors == null || errors.errors() == null || errors.errors().isEmpty() ? null : errors.errors().get(0);
        } catch (IOException e) {
            return null; // not oshinko's error shape: the status and the body's snippet tell
        }
    }

    private static OshinkoException exception(int status, String title, String details) {
        return switch (status) {
            case 404 -> new ClusterNotFoundException(title, details);
            case 409 -> new ClusterConflictException(title, details);
            default -> new OshinkoException(status, title, details);
        };
    }

    private static String call(Method method) {
        String verb = method.isAnnotationPresent(POST.class) ? "POST" : method.isAnnotationPresent(PUT.class) ? "PUT"
                : method.isAnnotationPresent(DELETE.class) ? "DELETE" : "GET";
        return verb + " " + method.getAnnotation(Path.class).value();
    }

    /** A reader for error bodies; the mapper is static, so it cannot take the application's ObjectMapper. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        private Json() {
        }
    }
}
