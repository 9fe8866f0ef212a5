package dev.sparkvar.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.jobapi.ResultDocument;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the job JVM tells about a run: progress, its result and its error through the callback endpoint, and, once
 * it has exited, its exit code, its error line and the result file it wrote.
 */
@ApplicationScoped
public class JobReports {

    private final RunStore store;
    private final ObjectMapper json;

    public JobReports(RunStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    void progress(Run run, Map<String, Object> progress) {
        // Reports may overtake each other on the wire; the stream only ever moves forward.
        if (run.job().advanceProgress(((Number) progress.get("percent")).doubleValue(),
                (String) progress.get("phase"))) {
            run.emit(RunEvent.PROGRESS, progress);
        }
    }

    /**
     * Keeps the job's result, once: the same result posted again (its reply was lost, the job retried) is
     * accepted and changes nothing.
     *
     * @return false when the run already holds a different result
     */
    boolean result(Run run, Map<String, Object> result) {
        if (!run.job().keepResult(result)) {
            return result.equals(run.job().result());
        }
        run.emit(RunEvent.RESULT, ResultSummary.of(result));
        return true;
    }

    void jobError(Run run, String message) {
        run.job().error(message);
    }

    /**
     * The job is over (or must be): stops its JVM by PID if it still runs, keeps its exit code and error line,
     * and reads the result file when it exited 0 without posting its result. Blocking.
     */
    Run jobEnded(Run run, Integer exitCode) {
        RunJob job = run.job();
        RunningJob running = job.running();
        if (running != null) {
            running.stop();
            if (job.error() == null) {
                Optional.ofNullable(running.errorMessage()).ifPresent(job::error);
            }
        }
        if (exitCode != null) {
            job.exitCode(exitCode);
        }
        if (!job.hasResult()) {
            // the callback may have failed (service busy, reply lost) while the job wrote its file
            readResultFile(run);
        }
        return run;
    }

    private void readResultFile(Run run) {
        Path file = store.runDir(run.id()).resolve(ResultDocument.FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = json.readValue(file.toFile(), Map.class);
            result(run, result);
        } catch (IOException e) {
            run.warn("the job's result file could not be read: " + e.getMessage());
        }
    }
}
