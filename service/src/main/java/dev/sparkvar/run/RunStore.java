package dev.sparkvar.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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

    public RunStore(RunsConfig config, ObjectMapper json) {
        this.dir = config.dir().toAbsolutePath().normalize();
        this.json = json;
        // at shutdown the pending writes run, the retries of failed ones do not (nothing would free the disk then)
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The folder of one run, created on demand (the job's output and conf files go there too). */
    public Path runDir(String id) {
        Path runDir = dir.resolve(id);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runDir;
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
        try {
            Path target = runDir(run.id()).resolve("run.json");
            Path tmp = target.resolveSibling("run.json.tmp");
            json.writeValue(tmp.toFile(), run.stored());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
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

    /** Every run stored under the runs folder; unreadable files are reported and skipped. */
    List<StoredRun> loadAll() {
        List<StoredRun> runs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return runs;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(p -> RUN_ID.matcher(p.getFileName().toString()).matches()).toList()) {
                Path file = child.resolve("run.json");
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    runs.add(json.readValue(file.toFile(), StoredRun.class));
                } catch (IOException e) {
                    Log.warnf("skipping unreadable run file %s: %s", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runs;
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
