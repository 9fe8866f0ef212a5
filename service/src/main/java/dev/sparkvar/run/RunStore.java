package dev.sparkvar.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkvar.ownership.Folders;
import dev.sparkvar.ownership.PrivateFiles;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps runs under {@code <runs dir>/<id>/run.json} with atomic writes (temp file + rename), so that a run
 * answers after a restart and a crash never leaves half a file. One writer thread does every write, in order,
 * each with the run's state as it is when the write happens: so the last write is always the newest state, and
 * writes coalesce (a run saved ten times while a write is pending is written once). A failed write (a full disk) is
 * tried again every {@link #RETRY} until it succeeds, so the newest state reaches the disk once it can.
 * <p>
 * Folders are 0700 and files 0600 ({@link PrivateFiles}). A final state is written durably (file and folder
 * fsynced) before {@link #saveNow} returns; in-flight states are not (many writes a second, and a crash fails the run
 * at the next start anyway). Runs pruned by the retention ({@link Runs#prune}) are removed from disk here, after any
 * write of theirs still queued, and never written again.
 */
@ApplicationScoped
public class RunStore {

    static final Pattern RUN_ID = Pattern.compile("[a-z0-9]{12}");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Path dir;
    private final ObjectMapper json;
    /** How long a run whose write failed waits before it is written again (a full disk may be freed any time). */
    static final Duration RETRY = Duration.ofSeconds(2);

    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "sparkvar-run-store");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    /** Runs whose last write failed, with why: reported once per failure spell, shown in the health check. */
    private final Map<String, String> failing = new ConcurrentHashMap<>();
    /** Runs pruned: a write still scheduled for one (a retry) must not bring its folder back. */
    private final Set<String> removed = ConcurrentHashMap.newKeySet();

    public RunStore(RunsConfig config, ObjectMapper json) {
        this.dir = config.dir().toAbsolutePath().normalize();
        this.json = json;
        // at shutdown the pending writes run, the retries of failed ones do not (nothing would free the disk then)
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The folder of one run, created on demand (the job's output and conf files go there too). */
    public Path runDir(String id) {
        return PrivateFiles.folder(dir.resolve(id));
    }

    /** Schedules a write of the run's current state. */
    void save(Run run) {
        if (pending.add(run.id())) {
            try {
                writer.execute(() -> {
                    pending.remove(run.id());
                    write(run);
                });
            } catch (RejectedExecutionException e) {
                pending.remove(run.id()); // shutting down: the final states were written by saveNow
            }
        }
    }

    /**
     * Writes now and waits for it (final states, so that nothing is lost at shutdown; a cluster's name before it is
     * asked for). True when the run's state is on disk.
     */
    boolean saveNow(Run run) {
        try {
            writer.submit(() -> write(run)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return !failing.containsKey(run.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            Log.errorf("run %s: not written within %s: %s", run.id(), WAIT, e);
        }
        return false;
    }

    private void write(Run run) {
        if (removed.contains(run.id())) {
            return;
        }
        try {
            StoredRun stored = run.stored();
            // a final state counts once it would survive a power loss: an empty run.json would lose its cluster
            PrivateFiles.writeAtomically(runDir(run.id()).resolve("run.json"), stored.run().state().isFinal(),
                    json.writeValueAsBytes(stored));
            if (failing.remove(run.id()) != null) {
                Log.infof("run %s is saved again", run.id());
            }
        } catch (IOException | UncheckedIOException e) {
            String why = e.getMessage();
            if (failing.put(run.id(), why) == null) {
                // once per spell: the warning is an event, and each event asks for another write
                Log.errorf("could not save run %s: %s", run.id(), why);
                run.warn("the run could not be saved (" + why + "); it is served from memory until a write succeeds");
            }
            // the last event may already have passed: without a retry its state would never reach the disk
            if (!writer.isShutdown()) {
                writer.schedule(() -> save(run), RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Runs whose newest state is not on disk, with the reason, for the health check. */
    Map<String, String> failing() {
        return Map.copyOf(failing);
    }

    /** Every run stored under the runs folder (no retention: tests and tools). */
    List<StoredRun> loadAll() {
        return loadAll(Integer.MAX_VALUE, null);
    }

    /**
     * The runs stored under the runs folder that the retention keeps: the newest {@code count} (by the time of their
     * last write) no older than {@code maxAge}, and every run not finished whatever its age (it still has a cluster
     * to lose). Only those are read whole; of the others only the first fields are read, to learn their state, and
     * the finished ones are removed. An unreadable {@code run.json} falls back to the temp file of a write cut short;
     * failing that it is reported and its folder kept, never removed unread.
     */
    List<StoredRun> loadAll(int count, Duration maxAge) {
        List<StoredRun> runs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return runs;
        }
        PrivateFiles.folder(dir); // 0700, also when an older version made it 0755
        record Found(Path dir, Path file, FileTime written) {
        }
        List<Found> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(p -> RUN_ID.matcher(p.getFileName().toString()).matches()).toList()) {
                Path file = child.resolve("run.json");
                if (!Files.isRegularFile(file)) {
                    Log.warnf("run folder %s has no run.json: kept, not loaded", child);
                    continue;
                }
                found.add(new Found(child, file, Files.getLastModifiedTime(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparing(Found::written).reversed());
        Instant oldest = maxAge == null ? Instant.MIN : Instant.now().minus(maxAge);
        int pruned = 0;
        for (int i = 0; i < found.size(); i++) {
            Found f = found.get(i);
            boolean kept = i < count && f.written().toInstant().isAfter(oldest);
            if (!kept) {
                if (finishedAndClean(f.file())) {
                    Folders.delete(f.dir());
                    pruned++;
                    continue;
                }
            }
            read(f.file()).ifPresent(runs::add);
        }
        if (pruned > 0) {
            PrivateFiles.syncFolder(dir);
            Log.infof("retention: %d finished run(s) removed at start, %d kept", pruned, runs.size());
        }
        return runs;
    }

    private Optional<StoredRun> read(Path file) {
        try {
            return Optional.of(json.readValue(file.toFile(), StoredRun.class));
        } catch (IOException e) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try {
                StoredRun stored = json.readValue(tmp.toFile(), StoredRun.class);
                Log.warnf("run file %s is unreadable (%s): loaded the write in progress %s", file, e.getMessage(), tmp);
                return Optional.of(stored);
            } catch (IOException | RuntimeException none) {
                Log.errorf("run file %s is unreadable (%s): the run is not loaded, its folder is kept", file,
                        e.getMessage());
                return Optional.empty();
            }
        }
    }

    /**
     * Whether a stored run may go without being read whole: it is finished and holds no cluster that may still
     * exist (the reaper needs its record to delete it). Reads the file's {@code run} object only, its result skipped.
     */
    private boolean finishedAndClean(Path file) {
        try (JsonParser parser = json.getFactory().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!"run".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                ObjectNode run = json.createObjectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if ("result".equals(name)) {
                        parser.skipChildren();
                    } else {
                        run.set(name, json.readTree(parser));
                    }
                }
                RunState state = RunState.valueOf(run.path("state").asText());
                JsonNode cluster = run.path("cluster");
                boolean clusterMayExist = ClusterMode.EPHEMERAL.json().equals(run.path("parameters").path("mode").asText())
                        && cluster.isObject() && !cluster.path("deleted").asBoolean(false);
                return state.isFinal() && !clusterMayExist;
            }
        } catch (IOException | RuntimeException e) {
            Log.warnf("run file %s: state unreadable (%s), kept", file, e.getMessage());
        }
        return false;
    }

    /** Removes a pruned run's folder, after any write of it still queued; it is never written again. */
    void remove(String id) {
        removed.add(id);
        failing.remove(id);
        try {
            writer.execute(() -> {
                Folders.delete(dir.resolve(id));
                PrivateFiles.syncFolder(dir);
            });
        } catch (RejectedExecutionException e) {
            Log.debugf("run %s: not removed, the store is shutting down", id);
        }
    }

    @PreDestroy
    void flush() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
