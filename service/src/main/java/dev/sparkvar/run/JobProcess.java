package dev.sparkvar.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.jobapi.JobError;
import dev.sparkvar.jobapi.JobEvents;
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
final class JobProcess {

    private static final Duration GRACE = Duration.ofSeconds(10);
    /** The job's output, a category of its own so that an operator can turn it down. */
    private static final Logger JOB_LOG = Logger.getLogger("dev.sparkvar.job");

    private final Process process;
    private final Ledger ledger;
    private final Owned owned;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile String errorMessage;

    JobProcess(Process process, LogTail log, ObjectMapper json, Ledger ledger, Owned owned, Map<String, String> fields) {
        this.process = process;
        this.ledger = ledger;
        this.owned = owned;
        Thread reader = new Thread(() -> {
            fields.forEach(MDC::put); // this thread reads this run's job only: its lines carry the run's fields
            pump(log, json);
        }, "sparkvar-job-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    long pid() {
        return process.pid();
    }

    /** Completes with the exit code once the process has exited and all of its output has been read. */
    CompletableFuture<Integer> exit() {
        return exit;
    }

    /** The message of the job's {@code {"event":"error"}} line, if it printed one. */
    String errorMessage() {
        return errorMessage;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the job: SIGTERM to it and its children, then SIGKILL after a grace period. Blocking. */
    void stop() {
        Optional<String> left = process.isAlive()
                ? ProcessTree.stop(process.toHandle(), GRACE, "job JVM " + process.pid()) : Optional.empty();
        left.ifPresentOrElse(Log::error, () -> {
            Folders.delete(Path.of(owned.workDir()));
            ledger.forget(owned);
        });
    }

    private void pump(LogTail log, ObjectMapper json) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                log.add(line);
                JOB_LOG.info(line); // the job's own lines in the service's log too (README, "Logs")
                if (line.startsWith("{")) {
                    rememberError(line, json);
                }
            }
        } catch (IOException e) {
            log.add("[sparkvar] job output stopped: " + e.getMessage());
        }
        try {
            exit.complete(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit.completeExceptionally(e);
        }
    }

    /** Keeps the message of the job's error event ({@link JobEvents#ERROR}); other lines are only logged. */
    private void rememberError(String line, ObjectMapper json) {
        try {
            JsonNode node = json.readTree(line);
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
