package dev.sparkvar.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.ownership.Folders;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * What the pool keeps on disk so that a crash leaves nothing for long: each slot's cluster name
 * ({@code <dir>/<slot>.json}, written before the cluster is asked for) and its work folder ({@code <dir>/<slot>/}).
 * After a crash the ledger's sweep stops the slot's processes by PID; the next start deletes the recorded clusters
 * through the cluster port ({@link #deleteLeftClusters()}, once, as soon as the HTTP server listens) and removes
 * the records and folders; readiness waits for it ({@link #leftToDelete()}).
 */
@ApplicationScoped
class SlotRecords {

    /** A slot's cluster, on disk before it is asked for. */
    record SlotRecord(String slot, String cluster) {
    }

    private static final Duration DELETE_WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final ObjectMapper json;
    private final Clusters clusters;
    /** Records the previous process left, counted at start: readiness waits for their clusters' deletion. */
    private volatile int left;
    private final AtomicBoolean leftStarted = new AtomicBoolean();
    private final CompletableFuture<Void> leftDeleted = new CompletableFuture<>();

    SlotRecords(PoolConfig config, ObjectMapper json, Clusters clusters) {
        this.dir = config.dir().toAbsolutePath().normalize();
        this.json = json;
        this.clusters = clusters;
    }

    /** Counts the records a crash left, after the ledger's sweep (priority 1) stopped their processes. */
    void onStart(@Observes @Priority(5) StartupEvent event) {
        left = (int) files().stream().filter(f -> f.getFileName().toString().endsWith(".json")).count();
        if (left > 0) {
            Log.infof("warm pool: %d slot record(s) left by the previous process; their clusters are deleted once"
                    + " the HTTP server listens", left);
        }
    }

    /**
     * The HTTP server listens, so the embedded default's oshinko API answers: the clusters the previous process left
     * are deleted now, not at the pool's first check (a service stopped within the check interval used to keep
     * them, and readiness said UP before they were gone).
     */
    void onListening(@ObservesAsync HttpServerStart event) {
        deleteLeftClusters();
    }

    /** The slot's work folder (its job's conf and scratch). */
    Path folder(String slot) {
        return dir.resolve(slot);
    }

    /** Records the slot's cluster, atomically, in a folder only we may read. */
    void write(String slot, String cluster) throws IOException {
        privateDir(dir);
        Path file = dir.resolve(slot + ".json");
        Path tmp = dir.resolve(slot + ".json.tmp");
        Files.writeString(tmp, json.writeValueAsString(new SlotRecord(slot, cluster)));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The slot's record goes: its cluster is deleted, or a run took it over and recorded it itself. */
    void forget(String slot) {
        try {
            Files.deleteIfExists(dir.resolve(slot + ".json"));
        } catch (IOException e) {
            Log.warnf("warm pool: could not remove the record of slot %s: %s", slot, e.getMessage());
        }
    }

    /** The slot is unmade: its record and its folder go. */
    void remove(String slot) {
        forget(slot);
        Folders.delete(folder(slot));
    }

    /** Whether clusters the previous process left are still to delete (0 once done, whatever the outcome). */
    int leftToDelete() {
        return leftDeleted.isDone() ? 0 : left;
    }

    /** Whether {@link #deleteLeftClusters()} has run to its end. */
    boolean leftDeleted() {
        return leftDeleted.isDone();
    }

    /**
     * Once, whoever calls first (the server's start event, or the pool's check should the event come before this bean
     * existed); the cluster port must answer (for the embedded default: the HTTP server listens):
     * the clusters of slots a crash left are deleted (their processes are already stopped by the ledger's sweep),
     * waiting at most 30 s each; one unknown to the backend counts as deleted (the embedded default's clusters die
     * with its process). A record whose cluster could not be deleted stays for the next start. Blocking.
     */
    void deleteLeftClusters() {
        if (!leftStarted.compareAndSet(false, true)) {
            return;
        }
        try {
            for (Path f : files()) {
                deleteLeft(f);
            }
        } finally {
            leftDeleted.complete(null);
        }
    }

    private void deleteLeft(Path f) {
        if (Files.isDirectory(f)) {
            Folders.delete(f); // a slot's work folder: its processes are gone
            return;
        }
        String name = f.getFileName().toString();
        if (name.endsWith(".json.tmp")) {
            forgetFile(f); // a record half written when the process died: its cluster was not asked for yet
            return;
        }
        if (!name.endsWith(".json")) {
            return;
        }
        try {
            SlotRecord record = json.readValue(f.toFile(), SlotRecord.class);
            clusters.delete(record.cluster())
                    .onFailure(ClusterNotFoundException.class).recoverWithNull()
                    .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).atMost(3)
                    .await().atMost(DELETE_WAIT);
            Files.deleteIfExists(f);
            Log.infof("warm pool: deleted cluster %s of slot %s, left by the previous process", record.cluster(),
                    record.slot());
        } catch (IOException | RuntimeException e) {
            Log.warnf("warm pool: could not clean up %s (kept for the next start): %s", f, e.getMessage());
        }
    }

    private static void forgetFile(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            Log.warnf("warm pool: could not remove %s: %s", f, e.getMessage());
        }
    }

    private List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        } catch (IOException e) {
            Log.warnf("warm pool: could not read %s: %s", dir, e.getMessage());
            return List.of();
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
}
