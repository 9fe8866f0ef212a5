package dev.sparkvar.observe;

import dev.sparkvar.access.Roles;
import dev.sparkvar.pool.WarmPool;
import dev.sparkvar.run.Admission;
import dev.sparkvar.run.ClusterReaper;
import dev.sparkvar.run.Runs;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The page's health strip (issue 21): the same numbers as the metrics' gauges, for a user who wonders why a run
 * waits. The management port has them all, but a browser cannot reach it (and must not).
 */
@Path("/status")
@RolesAllowed(Roles.USER)
@Tag(name = "status")
public class StatusResource {

    /** What the service is busy with now; the warm pool's places and its ready slots (0 and 0: no pool). */
    public record ServiceStatus(int running, int maxRunning, int queued, int queueSize, long clustersHeld,
            int clustersToDelete, int streams, int poolSize, long poolReady) {
    }

    private final Admission admission;
    private final Runs runs;
    private final ClusterReaper reaper;
    private final RunMetrics metrics;
    private final WarmPool pool;

    public StatusResource(Admission admission, Runs runs, @Readiness ClusterReaper reaper, RunMetrics metrics,
            WarmPool pool) {
        this.admission = admission;
        this.runs = runs;
        this.reaper = reaper;
        this.metrics = metrics;
        this.pool = pool;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Runs holding a slot, waiting, clusters held: why a new run would wait")
    public ServiceStatus status() {
        return new ServiceStatus(admission.running(), admission.maxRunning(), admission.queued(),
                admission.queueSize(), (long) metrics.clustersHeld(), reaper.backlog(), runs.streams(),
                ((Number) pool.status().get("size")).intValue(),
                pool.slots().stream().filter(WarmPool.SlotView::ready).count());
    }
}
