package dev.sparkvar.observe;

import dev.sparkvar.run.RunEvent;
import dev.sparkvar.run.RunStep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Which cluster each run holds, for the log fields ({@link RunLogFields}, which Quarkus makes outside CDI): learnt
 * from the runs' {@code cluster-created} events (kept for the newest runs: lines about a run's end come after its
 * cluster is deleted).
 */
@ApplicationScoped
public class RunClusters {

    void onStep(@Observes RunStep step) {
        RunEvent event = step.event();
        if (event.name().equals(RunEvent.CLUSTER_CREATED) && event.data().get("cluster") instanceof String name) {
            RunLogFields.CLUSTER_OF_RUN.put(step.run().id(), name);
            RunLogFields.RUN_OF_CLUSTER.put(name, step.run().id());
        }
    }
}
