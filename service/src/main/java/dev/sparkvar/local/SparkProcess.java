package dev.sparkvar.local;

import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.Owned;
import dev.sparkvar.ownership.PrivateFiles;
import dev.sparkvar.spark.ChildEnvironment;
import dev.sparkvar.spark.ProcessTree;
import io.quarkus.logging.Log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** One Spark daemon JVM (Master or Worker) started by the local backend, with its log file. */
final class SparkProcess {

    private final String role;
    private final Process process;
    private final Path log;
    private final Ledger ledger;
    private final Owned owned;

    private SparkProcess(String role, Process process, Path log, Ledger ledger, Owned owned) {
        this.role = role;
        this.process = process;
        this.log = log;
        this.ledger = ledger;
        this.owned = owned;
    }

    /**
     * Starts {@code command} with a clean environment ({@link ChildEnvironment}) plus {@code env}, output to a fresh
     * {@code log}; blocking. The process is in the ledger before it starts (the caller put its marker on the command
     * line) and leaves it once stopped.
     */
    static SparkProcess start(Ledger ledger, Owned intended, String role, List<String> command,
            Map<String, String> env, Path log) {
        // Created here 0600, new (not a link, not a file someone left): ProcessBuilder then opens what we made, in a
        // folder that is ours alone, so nobody can swap it in between.
        PrivateFiles.createFresh(log);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        ChildEnvironment.clean(builder.environment());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            Log.debugf("started %s, pid %d", role, process.pid());
            return new SparkProcess(role, process, log, ledger, ledger.started(intended, process.toHandle()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + role + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    String role() {
        return role;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Oshinko's pod phase for this process. */
    String phase() {
        if (process.isAlive()) {
            return "Running";
        }
        return process.exitValue() == 0 ? "Succeeded" : "Failed";
    }

    /** The process and every process it started (a Worker's executors), alive now. */
    List<Long> pids() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
    }

    /** The last lines of the log, for error messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Whether a line of the log contains {@code text}. */
    boolean logContains(String text) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.anyMatch(line -> line.contains(text));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /**
     * SIGTERM to the process and its descendants, a grace period, then SIGKILL; blocking.
     *
     * @return a description of what would not die, empty when everything exited
     */
    Optional<String> stop(Duration grace) {
        Optional<String> left = ProcessTree.stop(process.toHandle(), grace, role);
        if (left.isEmpty()) {
            ledger.forget(owned);
        }
        return left;
    }
}
