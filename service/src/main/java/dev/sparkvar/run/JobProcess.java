package dev.sparkvar.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.jobapi.JobError;
import dev.sparkvar.jobapi.JobEvents;
import dev.sparkvar.jobapi.Standby;
import dev.sparkvar.ownership.Folders;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.Owned;
import dev.sparkvar.spark.ProcessTree;
import io.quarkus.logging.Log;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running job JVM: its output goes line by line into the run's log tail (the job's JSON error line is kept as
 * the failure reason), and it is ended by its PID, children first.
 */
final class JobProcess implements RunningJob {

    private static final Duration GRACE = Duration.ofSeconds(10);
    /** The job's output, a category of its own so that an operator can turn it down. */
    private static final Logger JOB_LOG = Logger.getLogger("dev.sparkvar.job");

    private final Process process;
    private final Ledger ledger;
    private final Owned owned;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    /** A standby job's {@code ready} line (warm pool); never completes for a job started for its run. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Where output lines go: a pool slot's own tail until a run takes the slot, then the run's. */
    private volatile LogTail log;
    /** The log fields of its lines (README, "Logs"): the slot's until a run takes it, then the run's. */
    private volatile Map<String, String> fields;
    private volatile String errorMessage;

    JobProcess(Process process, LogTail log, ObjectMapper json, Ledger ledger, Owned owned, Map<String, String> fields) {
        this.process = process;
        this.ledger = ledger;
        this.owned = owned;
        this.log = log;
        this.fields = fields;
        Thread reader = new Thread(() -> pump(json), "sparkvar-job-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** Completes with the exit code once the process has exited and all of its output has been read. */
    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** Completes when a standby job says it is warm and waits for its run ({@link Standby#READY}). */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** A standby job taken by a run: its output goes to the run's log, with the run's log fields, from now on. */
    void logTo(LogTail runLog, Map<String, String> runFields) {
        this.fields = runFields;
        this.log = runLog;
    }

    /** Writes one line to the job's standard input and closes it (a standby job reads exactly one). Blocking. */
    void sendAndClose(String line) {
        try (OutputStream in = process.getOutputStream()) {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not hand the run to the standby job " + pid() + ": " + e.getMessage(), e);
        }
    }

    /** The message of the job's {@code {"event":"error"}} line, if it printed one. */
    @Override
    public String errorMessage() {
        return errorMessage;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the job: SIGTERM to it and its children, then SIGKILL after a grace period. Blocking. */
    @Override
    public void stop() {
        Optional<String> left = process.isAlive()
                ? ProcessTree.stop(process.toHandle(), GRACE, "job JVM " + process.pid()) : Optional.empty();
        left.ifPresentOrElse(Log::error, () -> {
            Folders.delete(Path.of(owned.workDir()));
            ledger.forget(owned);
        });
    }

    private void pump(ObjectMapper json) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            Map<String, String> applied = null;
            while ((line = out.readLine()) != null) {
                log.add(line);
                Map<String, String> now = fields;
                if (now != applied) { // this thread reads this job only: its lines carry its run's fields
                    MDC.clear();
                    now.forEach(MDC::put);
                    applied = now;
                }
                JOB_LOG.info(line); // the job's own lines in the service's log too (README, "Logs")
                if (line.startsWith("{")) {
                    readEvent(line, json);
                }
            }
        } catch (IOException e) {
            log.add("[sparkvar] job output stopped: " + e.getMessage());
        }
        ready.completeExceptionally(new IllegalStateException("the standby job ended before it was ready"));
        try {
            exit.complete(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit.completeExceptionally(e);
        }
    }

    /** Keeps the message of the job's error event ({@link JobEvents#ERROR}), notes its ready; other lines are only logged. */
    private void readEvent(String line, ObjectMapper json) {
        try {
            JsonNode node = json.readTree(line);
            if (node.isObject() && Standby.READY.equals(node.path(JobEvents.FIELD).asText())) {
                ready.complete(null);
                return;
            }
            if (node.isObject() && JobEvents.ERROR.equals(node.path(JobEvents.FIELD).asText())) {
                JobError error = json.treeToValue(node, JobError.class);
                if (error.message() != null) {
                    errorMessage = error.message();
                }
            }
        } catch (IOException e) {
            // Not JSON (or not an error body) after all: the raw line is in the log tail.
        }
    }
}
