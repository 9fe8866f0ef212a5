package dev.sparkvar.run;

import dev.sparkvar.metrics.GraphiteClient;
import dev.sparkvar.metrics.WorkerRegistration;
import dev.sparkvar.metrics.WorkersConfig;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Keeps following {@code master.aliveWorkers} after the initial wait, so that workers added or removed while the
 * job runs (elastic scaling) show on the run's stream. Emits each change; "no data" is skipped, not an error.
 */
@ApplicationScoped
public class LiveWorkers {

    private final GraphiteClient graphite;
    private final WorkersConfig config;

    public LiveWorkers(GraphiteClient graphite, WorkersConfig config) {
        this.graphite = graphite;
        this.config = config;
    }

    /** Every change of the alive-worker count, starting after {@code lastSeen}; endless until cancelled. */
    Multi<Integer> follow(String metricsUrl, int lastSeen) {
        int[] last = {lastSeen};
        return Multi.createFrom().ticks().every(config.pollInterval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> graphite.latest(metricsUrl, WorkerRegistration.ALIVE_WORKERS)
                        .onFailure().recoverWithItem(Optional.empty()))
                .filter(Optional::isPresent)
                .map(value -> (int) Math.round(value.get()))
                .filter(alive -> {
                    boolean changed = alive != last[0];
                    last[0] = alive;
                    return changed;
                });
    }
}
