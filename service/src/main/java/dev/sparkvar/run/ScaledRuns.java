package dev.sparkvar.run;

import dev.sparkvar.cluster.ClusterScaled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The elastic loop scaled a cluster: the run that uses it says so on its stream ({@code cluster-scaled}). */
@ApplicationScoped
public class ScaledRuns {

    private final Runs runs;

    public ScaledRuns(Runs runs) {
        this.runs = runs;
    }

    void onScaled(@Observes ClusterScaled scaled) {
        runs.all().stream()
                .filter(r -> !r.state().isFinal() && r.cluster() != null && scaled.cluster().equals(r.cluster().name()))
                .forEach(r -> {
                    ClusterInfo c = r.cluster();
                    r.cluster(c.withWorkers(c.aliveWorkers() == null ? 0 : c.aliveWorkers(), scaled.to()));
                    r.emit(RunEvent.CLUSTER_SCALED, RunEvent.data("from", scaled.from(), "to", scaled.to(),
                            "reason", scaled.reason()));
                });
    }
}
