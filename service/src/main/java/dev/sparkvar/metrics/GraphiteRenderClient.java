package dev.sparkvar.metrics;

import io.quarkus.rest.client.reactive.Url;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/**
 * Graphite's render API, {@code <metricsUrl>/render?target=…&format=json&from=…}, typed. Each call names its Graphite
 * ({@link Url}: every cluster has its own) and is time-limited ({@link GraphiteGuard}); not retried, since every
 * caller polls again on its next tick anyway.
 */
@RegisterRestClient(configKey = "graphite")
@RegisterProvider(GraphiteErrors.class)
@Path("/render")
interface GraphiteRenderClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApplyGuard(GraphiteGuard.NAME)
    Uni<List<Series>> render(@Url String metricsUrl, @HeaderParam("Authorization") String authorization,
            @RestQuery String target, @RestQuery String format, @RestQuery String from);
}
