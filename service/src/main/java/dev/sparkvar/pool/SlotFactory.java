package dev.sparkvar.pool;

import io.smallrye.mutiny.Uni;

import java.nio.file.Path;

/**
 * Makes and unmakes slots; the run feature implements it (it owns the cluster steps, the driver conf and the job
 * launcher), so that the pool depends on no run code.
 */
public interface SlotFactory {

    /**
     * Creates cluster {@code cluster} with the default cluster config, waits for its workers, starts a standby job on
     * it in {@code dir} and completes when the job is ready. On a failure, or when {@code givenUp} completes first,
     * whatever was made is unmade before it fails.
     */
    Uni<WarmSlot> fill(String id, String cluster, Path dir, Uni<Void> givenUp);

    /** Stops the slot's job and deletes its cluster. Never fails (a deletion that fails is the caller's to record). */
    Uni<Void> empty(WarmSlot slot);
}
