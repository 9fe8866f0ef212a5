package dev.sparkvar.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.ownership.Folders;
import dev.sparkvar.server.LocalServer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The warm pool (issue 19): up to {@code sparkvar.pool.size} slots, each a cluster with its workers registered and a
 * job JVM in standby on it, ready for one run. A run that takes a slot starts computing at once; the slot is never
 * reused (its cluster is deleted after the run like every ephemeral one), so runs stay isolated.
 * <p>
 * Each slot holds one of admission's places ({@link PoolCapacity}) from the start of its filling until it is
 * emptied or a run takes it over; a refill starts only when a place is free and no run waits, and a run that has to
 * wait makes the pool give up a slot ({@link #yieldToRun()}). A ready slot idle for {@code idle-time} is retired and
 * replaced, so no JVM lives for days. Each slot's cluster name is on disk before it is asked for
 * ({@code <dir>/<slot>.json}): after a crash the ledger's sweep stops the slot's processes by PID and the next start
 * deletes its cluster.
 */
@ApplicationScoped
public class WarmPool {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    /** A slot being filled or ready; guarded by the pool's lock but for the futures. */
    private static final class Slot {
        final String id;
        final String cluster;
        final Instant started = Instant.now();
        final CompletableFuture<Void> givenUp = new CompletableFuture<>();
        WarmSlot ready;
        Cancellable filling;

        Slot(String id, String cluster) {
            this.id = id;
            this.cluster = cluster;
        }
    }

    private final PoolConfig config;
    private final SlotFactory factory;
    private final PoolCapacity capacity;
    private final Clusters clusters;
    private final ObjectMapper json;
    private final int size;
    private final Path dir;
    private final List<Slot> slots = new ArrayList<>();
    /** Slots being emptied, awaited at shutdown. */
    private final List<CompletableFuture<Void>> emptying = new ArrayList<>();
    private boolean closed;
    private Instant nextAttempt = Instant.EPOCH;
    private String lastError;
    private volatile Cancellable ticks;
    /** Only touched by the checks, one at a time. */
    private boolean leftClustersDeleted;

    private final LocalServer self;

    public WarmPool(PoolConfig config, SlotFactory factory, PoolCapacity capacity, Clusters clusters,
            ObjectMapper json, LocalServer self) {
        this.self = self;
        this.config = config;
        this.factory = factory;
        this.capacity = capacity;
        this.clusters = clusters;
        this.json = json;
        // the embedded default is the backend that does not scale clusters itself (Clusters#scalesClusters)
        this.size = Math.max(0, config.size().orElse(clusters.scalesClusters() ? 0 : 1));
        this.dir = config.dir().toAbsolutePath().normalize();
    }

    /**
     * Starts the checks. The first one that finds the HTTP server listening (the embedded default's oshinko API is
     * served there) deletes the clusters of slots a crash left (the ledger's sweep stopped their processes before);
     * without a pool the checks then stop.
     */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        Log.infof("warm pool: %d slot(s)%s", size, size == 0 ? " (off)" : ", idle time " + config.idleTime());
        ticks = Multi.createFrom().ticks().every(config.checkInterval())
                .onOverflow().drop() // a slow check (a cleanup awaiting deletions) skips ticks, never fails them
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .subscribe().with(t -> tick(), e -> Log.errorf(e, "warm pool: the check stopped"));
    }

    /** Whether a run with these cluster settings can use a slot: the default cluster config and worker count. */
    public boolean fits(String clusterConfig, Integer workers, String defaultConfig) {
        return size > 0 && defaultConfig.equals(clusterConfig) && workers == null;
    }

    /**
     * A ready slot for a run, if there is one; its admission place goes with it (the caller's run holds it from now
     * on). The pool refills in the background.
     */
    public Optional<WarmSlot> take() {
        Optional<WarmSlot> taken = Optional.empty();
        synchronized (this) {
            for (Slot s : slots) {
                if (s.ready != null && s.ready.alive()) {
                    slots.remove(s);
                    taken = Optional.of(s.ready);
                    break;
                }
            }
        }
        taken.ifPresent(t -> Infrastructure.getDefaultWorkerPool().execute(this::fill));
        return taken;
    }

    /** A slot taken but not used (the run could not start): emptied, its place given back. */
    public void giveBack(WarmSlot slot) {
        empty(new Slot(slot.id(), slot.cluster()), slot);
    }

    /** A run took {@code slot} and saved its cluster in its own record: the slot's record goes. */
    public void adopted(WarmSlot slot) {
        forget(slot.id());
    }

    /**
     * A run has to wait: the pool gives one slot up so that its place goes to that run (runs come before refills). A
     * ready slot goes first (the waiting run could not use it, or it would have), else the newest filling one.
     */
    public void yieldToRun() {
        Slot victim = null;
        synchronized (this) {
            for (Slot s : slots) {
                if (s.ready != null) {
                    victim = s;
                    break;
                }
            }
            if (victim == null) {
                for (Slot s : slots) {
                    if (!s.givenUp.isDone()) {
                        victim = s;
                    }
                }
            }
            if (victim != null && victim.ready != null) {
                slots.remove(victim);
            }
        }
        if (victim == null) {
            return;
        }
        Log.infof("warm pool: slot %s given up for a waiting run", victim.id);
        if (victim.ready != null) {
            empty(victim, victim.ready);
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

    void tick() {
        if (!leftClustersDeleted) {
            if (!listening()) {
                return;
            }
            deleteLeftClusters();
            leftClustersDeleted = true;
        }
        if (size == 0) {
            ticks.cancel();
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
            empty(s, s.ready);
        }
        fill();
    }

    /** Starts fillings while the pool is short, a place is free and nobody waits. */
    void fill() {
        if (!listening()) {
            return; // the embedded default's oshinko API and the job's callbacks are served by this server
        }
        while (true) {
            Slot slot;
            synchronized (this) {
                if (closed || slots.size() >= size || Instant.now().isBefore(nextAttempt)
                        || !capacity.reserveForSlot()) {
                    return;
                }
                String id = "slot-" + randomId(8);
                slot = new Slot(id, "cluster-" + randomId(4));
                slots.add(slot);
            }
            start(slot);
        }
    }

    private boolean listening() {
        try {
            self.baseUri();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void start(Slot slot) {
        Path slotDir = dir.resolve(slot.id);
        try {
            record(slot); // on disk before the cluster is asked for
        } catch (IOException e) {
            failed(slot, new IllegalStateException("the slot could not be recorded: " + e.getMessage(), e));
            return;
        }
        Log.infof("warm pool: filling slot %s (cluster %s)", slot.id, slot.cluster);
        Cancellable c = factory.fill(slot.id, slot.cluster, slotDir, // a fresh stage: a Uni cancels the stage it was given when it loses a race
                Uni.createFrom().completionStage(() -> slot.givenUp.thenApply(ignored -> null)))
                .ifNoItem().after(config.fillTimeout()).failWith(() -> new IllegalStateException(
                        "slot " + slot.id + " was not ready within " + config.fillTimeout().toSeconds() + " s"))
                .subscribe().with(ready -> ready(slot, ready), failure -> failed(slot, failure));
        synchronized (this) {
            slot.filling = c;
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
            empty(slot, ready);
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
        // the factory unmade what it made: the cluster is deleted, or it failed to be and the record keeps it
        forget(slot.id);
        Folders.delete(dir.resolve(slot.id));
        capacity.releaseFromSlot();
    }

    /** Stops the slot's job and deletes its cluster, then gives its place back. */
    private void empty(Slot slot, WarmSlot ready) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            emptying.add(done);
        }
        factory.empty(ready).subscribe().with(ignored -> {
            forget(slot.id);
            Folders.delete(dir.resolve(slot.id));
            emptied(done);
        }, failure -> {
            Log.warnf("warm pool: slot %s: its cluster %s could not be deleted: %s; deleted at the next start",
                    slot.id, slot.cluster, failure.getMessage());
            emptied(done);
        });
    }

    private void emptied(CompletableFuture<Void> done) {
        synchronized (this) {
            emptying.remove(done);
        }
        capacity.releaseFromSlot();
        done.complete(null);
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
            if (ticks != null) {
                ticks.cancel();
            }
            for (Slot s : slots) {
                (s.ready != null ? ready : filling).add(s);
            }
            slots.removeAll(ready);
        }
        filling.forEach(s -> s.givenUp.complete(null)); // each filling unmakes what it made, then leaves the list
        ready.forEach(s -> empty(s, s.ready));
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (slots.isEmpty() && emptying.isEmpty()) {
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

    // ---- the slots' records -----------------------------------------------------------------------------------------

    /** A slot's cluster, on disk before it is asked for. */
    record SlotRecord(String slot, String cluster) {
    }

    private void record(Slot slot) throws IOException {
        privateDir(dir);
        Path file = dir.resolve(slot.id + ".json");
        Path tmp = dir.resolve(slot.id + ".json.tmp");
        Files.writeString(tmp, json.writeValueAsString(new SlotRecord(slot.id, slot.cluster)));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private void forget(String slot) {
        try {
            Files.deleteIfExists(dir.resolve(slot + ".json"));
        } catch (IOException e) {
            Log.warnf("warm pool: could not remove the record of slot %s: %s", slot, e.getMessage());
        }
    }

    /**
     * The clusters of slots a crash left (their processes are already stopped by the ledger's sweep): deleted through
     * the cluster port, waiting at most a minute in all; a record whose cluster could not be deleted stays for the
     * next start.
     */
    private void deleteLeftClusters() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.toList();
        } catch (IOException e) {
            Log.warnf("warm pool: could not read %s: %s", dir, e.getMessage());
            return;
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (Files.isDirectory(f)) {
                Folders.delete(f); // a slot's work folder: its processes are gone
                continue;
            }
            if (!name.endsWith(".json")) {
                continue;
            }
            try {
                SlotRecord left = json.readValue(f.toFile(), SlotRecord.class);
                clusters.delete(left.cluster())
                        // unknown to the backend: already gone (the embedded default's clusters die with its process)
                        .onFailure(dev.sparkvar.cluster.ClusterNotFoundException.class).recoverWithNull()
                        .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).atMost(3)
                        .await().atMost(Duration.ofSeconds(30));
                Files.deleteIfExists(f);
                Log.infof("warm pool: deleted cluster %s of slot %s, left by the previous process", left.cluster(),
                        left.slot());
            } catch (IOException | RuntimeException e) {
                Log.warnf("warm pool: could not clean up %s: %s", f, e.getMessage());
            }
        }
    }

    private static void privateDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static String randomId(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
