package dev.sparkvar.pool;

import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.server.LocalServer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The warm pool (issue 19): up to {@code sparkvar.pool.size} slots, each a cluster with its workers registered and a
 * job JVM in standby on it, ready for one run. A run that takes a slot starts computing at once; the slot is never
 * reused (its cluster is deleted after the run like every ephemeral one), so runs stay isolated.
 * <p>
 * Each slot holds one of admission's places ({@link PoolCapacity}) from the start of its filling until it is
 * emptied or a run takes it over; a refill starts only when a place is free and no run waits, and a run that has to
 * wait makes the pool give up a slot ({@link #yieldToRun()}). A ready slot idle for {@code idle-time} is retired and
 * replaced, so no JVM lives for days. Each slot's cluster name is on disk before it is asked for
 * ({@link SlotRecords}): after a crash the ledger's sweep stops the slot's processes by PID and the next start
 * deletes its cluster before the service is ready.
 */
@ApplicationScoped
public class WarmPool {

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final PoolConfig config;
    private final PoolCapacity capacity;
    private final SlotRecords records;
    private final SlotWork work;
    private final int size;
    private final List<Slot> slots = new ArrayList<>();
    private boolean closed;
    private Instant nextAttempt = Instant.EPOCH;
    private String lastError;
    /**
     * Slots taken by runs that have not ended yet ({@link #runEnded}): no refill starts meanwhile, so that a slot's
     * fill (a master, a worker and a job JVM starting) never takes the cores from the warm run it would slow.
     */
    private int lent;
    private final LocalServer self;

    public WarmPool(PoolConfig config, SlotFactory factory, PoolCapacity capacity, Clusters clusters,
            SlotRecords records, LocalServer self) {
        this.self = self;
        this.config = config;
        this.capacity = capacity;
        this.records = records;
        this.work = new SlotWork(config, factory, capacity, records);
        // the embedded default is the backend that does not scale clusters itself (Clusters#scalesClusters)
        this.size = Math.max(0, config.size().orElse(clusters.scalesClusters() ? 0 : 1));
    }

    void onStart(@Observes StartupEvent event) {
        Log.infof("warm pool: %d slot(s)%s", size, size == 0 ? " (off)" : ", idle time " + config.idleTime());
    }

    /** Whether a run with these cluster settings can use a slot: the default cluster config and worker count. */
    public boolean fits(String clusterConfig, Integer workers, String defaultConfig) {
        return size > 0 && defaultConfig.equals(clusterConfig) && workers == null;
    }

    /**
     * A ready slot for a run, if there is one; its admission place goes with it (the caller's run holds it from now
     * on). The pool refills in the background once that run has ended ({@link #runEnded}): a fill started now would
     * start three JVMs beside the run that took the slot to answer in seconds (on 2 cores that run's simulating
     * phase took 1.2 s with a fill beside it, 0.7 s without), and a run that came meanwhile could not have had the
     * new slot before the fill's half a minute anyway.
     */
    public Optional<WarmSlot> take() {
        synchronized (this) {
            for (Slot s : slots) {
                if (s.ready != null && s.ready.alive()) {
                    slots.remove(s);
                    lent++;
                    return Optional.of(s.ready);
                }
            }
        }
        return Optional.empty();
    }

    /** The run that took {@code slot} has ended (its cluster deleted or left to the reaper): refills may start. */
    public void runEnded(WarmSlot slot) {
        returned();
        Infrastructure.getDefaultWorkerPool().execute(this::fill);
    }

    /** A slot taken but not used (the run could not start): emptied, its place given back. */
    public void giveBack(WarmSlot slot) {
        returned();
        work.empty(slot.id(), slot.cluster(), slot);
    }

    /** A taken slot is back from its run, one way or the other (each taken slot comes back exactly once). */
    private synchronized void returned() {
        lent = Math.max(0, lent - 1);
    }

    /** A run took {@code slot} and saved its cluster in its own record: the slot's record goes. */
    public void adopted(WarmSlot slot) {
        records.forget(slot.id());
    }

    /**
     * A run has to wait: the pool gives one slot up so that its place goes to that run (runs come before refills). A
     * ready slot goes first (the waiting run could not use it, or it would have), else the newest filling one.
     */
    public void yieldToRun() {
        Slot victim;
        synchronized (this) {
            victim = slots.stream().filter(s -> s.ready != null).findFirst()
                    .or(() -> slots.stream().filter(s -> !s.givenUp.isDone()).reduce((older, newer) -> newer))
                    .orElse(null);
            if (victim != null && victim.ready != null) {
                slots.remove(victim);
            }
        }
        if (victim == null) {
            return;
        }
        Log.infof("warm pool: slot %s given up for a waiting run", victim.id);
        if (victim.ready != null) {
            work.empty(victim.id, victim.cluster, victim.ready);
        } else {
            victim.givenUp.complete(null); // its filling unmakes what it made, then gives the place back
        }
    }

    /** One slot as the pool holds it: ready (with its job's PID and since when) or filling. */
    public record SlotView(String id, String cluster, boolean ready, Long jobPid, Instant readyAt) {
    }

    /** The slots now, oldest first. */
    public synchronized List<SlotView> slots() {
        return slots.stream().map(s -> new SlotView(s.id, s.cluster, s.ready != null,
                s.ready == null ? null : s.ready.jobPid(), s.ready == null ? null : s.ready.readyAt())).toList();
    }

    /** What readiness shows. */
    public synchronized Map<String, Object> status() {
        long ready = slots.stream().filter(s -> s.ready != null).count();
        return lastError == null ? Map.of("size", size, "ready", ready, "filling", slots.size() - ready)
                : Map.of("size", size, "ready", ready, "filling", slots.size() - ready, "lastError", lastError);
    }

    // ---- filling, retiring ----------------------------------------------------------------------------------------

    /**
     * The pool's check: retires dead and idle slots, refills. The first checks wait for the clusters of slots a crash
     * left to be deleted ({@link SlotRecords}); a slow check skips the next ones, never overlaps them.
     */
    @Scheduled(identity = "warm-pool", every = "{sparkvar.pool.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!records.leftDeleted()) {
            if (self.boundUri().isPresent()) {
                records.deleteLeftClusters(); // in case the server's start came before that bean observed it
            }
            return;
        }
        if (size == 0) {
            return;
        }
        List<Slot> retire = new ArrayList<>();
        Instant now = Instant.now();
        synchronized (this) {
            if (closed) {
                return;
            }
            for (Slot s : List.copyOf(slots)) {
                if (s.ready != null && (!s.ready.alive()
                        || Duration.between(s.ready.readyAt(), now).compareTo(config.idleTime()) > 0)) {
                    slots.remove(s);
                    retire.add(s);
                }
            }
        }
        for (Slot s : retire) {
            Log.infof("warm pool: slot %s retired (%s)", s.id, s.ready.alive() ? "idle for " + config.idleTime()
                    : "its job ended");
            work.empty(s.id, s.cluster, s.ready);
        }
        fill();
    }

    /** Starts fillings while the pool is short, a place is free, nobody waits and no pooled run computes. */
    void fill() {
        if (self.boundUri().isEmpty()) {
            return; // the embedded default's oshinko API and the job's callbacks are served by this server
        }
        while (true) {
            Slot slot;
            synchronized (this) {
                if (closed || lent > 0 || slots.size() >= size || Instant.now().isBefore(nextAttempt)
                        || !capacity.reserveForSlot()) {
                    return;
                }
                slot = Slot.fresh();
                slots.add(slot);
            }
            Cancellable filling = work.fill(slot, ready -> ready(slot, ready), failure -> failed(slot, failure));
            synchronized (this) {
                slot.filling = filling;
            }
        }
    }

    private void ready(Slot slot, WarmSlot ready) {
        boolean keep;
        synchronized (this) {
            keep = !closed && !slot.givenUp.isDone() && slots.contains(slot);
            if (keep) {
                slot.ready = ready;
                lastError = null;
            } else {
                slots.remove(slot);
            }
        }
        if (keep) {
            Log.infof("warm pool: slot %s ready in %.1f s", slot.id, ready.fillSeconds());
        } else {
            work.empty(slot.id, slot.cluster, ready);
        }
    }

    private void failed(Slot slot, Throwable failure) {
        boolean givenUp = slot.givenUp.isDone();
        synchronized (this) {
            slots.remove(slot);
            if (!givenUp) {
                lastError = failure.getMessage();
                nextAttempt = Instant.now().plus(config.retryDelay());
            }
        }
        if (givenUp) {
            Log.infof("warm pool: slot %s given up while filling", slot.id);
        } else {
            Log.warnf("warm pool: slot %s could not be filled (next attempt in %s): %s", slot.id,
                    config.retryDelay(), failure.getMessage());
        }
        work.unmade(slot);
    }

    // ---- shutdown ---------------------------------------------------------------------------------------------------

    void onShutdownStarts(@Observes ShutdownDelayInitiatedEvent event) {
        close();
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }

    /** Nothing more is filled; ready slots are emptied, filling ones given up; waits (bounded) for both. */
    void close() {
        List<Slot> ready = new ArrayList<>();
        List<Slot> filling = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Slot s : slots) {
                (s.ready != null ? ready : filling).add(s);
            }
            slots.removeAll(ready);
        }
        filling.forEach(s -> s.givenUp.complete(null)); // each filling unmakes what it made, then leaves the list
        ready.forEach(s -> work.empty(s.id, s.cluster, s.ready));
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (slots.isEmpty() && !work.emptying()) {
                    return;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Log.warnf("warm pool: slots still being emptied after %s at shutdown: %s", SHUTDOWN_WAIT, status());
    }
}
