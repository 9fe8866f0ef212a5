package dev.sparkvar.pool;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Makes and unmakes one slot for the pool: its record first, the factory's filling under the fill timeout, its
 * emptying, and its admission place given back at the end. When and which slot is the pool's decision
 * ({@link WarmPool}).
 */
final class SlotWork {

    private final PoolConfig config;
    private final SlotFactory factory;
    private final PoolCapacity capacity;
    private final SlotRecords records;
    /** Emptyings under way, awaited at shutdown. */
    private final Set<CompletableFuture<Void>> emptying = ConcurrentHashMap.newKeySet();

    SlotWork(PoolConfig config, SlotFactory factory, PoolCapacity capacity, SlotRecords records) {
        this.config = config;
        this.factory = factory;
        this.capacity = capacity;
        this.records = records;
    }

    /**
     * Records the slot's cluster (on disk before it is asked for), then has the factory fill it; exactly one of
     * {@code ready} and {@code failed} is called. Null when it failed at once.
     */
    Cancellable fill(Slot slot, Consumer<WarmSlot> ready, Consumer<Throwable> failed) {
        try {
            records.write(slot.id, slot.cluster);
        } catch (IOException e) {
            failed.accept(new IllegalStateException("the slot could not be recorded: " + e.getMessage(), e));
            return null;
        }
        Log.infof("warm pool: filling slot %s (cluster %s)", slot.id, slot.cluster);
        // a fresh stage: a Uni cancels the stage it was given when it loses a race
        Uni<Void> givenUp = Uni.createFrom().completionStage(() -> slot.givenUp.thenApply(ignored -> null));
        return factory.fill(slot.id, slot.cluster, records.folder(slot.id), givenUp)
                .ifNoItem().after(config.fillTimeout()).failWith(() -> new IllegalStateException(
                        "slot " + slot.id + " was not ready within " + config.fillTimeout().toSeconds() + " s"))
                .subscribe().with(ready, failed);
    }

    /**
     * A filling failed or was given up: the factory has unmade what it made (its cluster deleted, with retries), so
     * the record and folder go and the place comes back.
     */
    void unmade(Slot slot) {
        records.remove(slot.id);
        capacity.releaseFromSlot();
    }

    /**
     * Stops the slot's job and deletes its cluster, then gives its place back; a cluster that could not be deleted
     * keeps its record, for the next start.
     */
    void empty(String id, String cluster, WarmSlot ready) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        emptying.add(done);
        factory.empty(ready).subscribe().with(ignored -> {
            records.remove(id);
            emptied(done);
        }, failure -> {
            Log.warnf("warm pool: slot %s: its cluster %s could not be deleted: %s; deleted at the next start",
                    id, cluster, failure.getMessage());
            emptied(done);
        });
    }

    /** Whether an emptying is still under way. */
    boolean emptying() {
        return !emptying.isEmpty();
    }

    private void emptied(CompletableFuture<Void> done) {
        emptying.remove(done);
        capacity.releaseFromSlot();
        done.complete(null);
    }
}
