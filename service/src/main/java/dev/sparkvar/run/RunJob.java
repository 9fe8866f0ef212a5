package dev.sparkvar.run;

import java.util.Map;
import java.util.Objects;

/**
 * A run's job, apart from its state and events: where its driver's configuration is, the job now running (its PID
 * kept for the record), and what the job reported ({@link JobReports}): its progress, its own error, its exit code
 * and its result. The flow's end reads these to pick the run's final state ({@link RunFlow}, "the end"). Thread-safe
 * on its own lock, which never waits for the run's (the run reads it under its own lock to show one consistent view).
 */
final class RunJob {

    private String confDir;
    private Long pid;
    private Integer exitCode;
    private Map<String, Object> result;
    private double progressPercent = -1;
    private String progressPhase;
    private volatile RunningJob running;
    private volatile String error;

    /** Takes back what a stored run recorded of its job (the JVM itself is gone with the service that ran it). */
    synchronized void restore(RunView stored) {
        confDir = stored.confDir();
        pid = stored.jobPid();
        exitCode = stored.exitCode();
        result = stored.result();
    }

    /** The per-run folder with the driver's {@code metrics.properties} and {@code spark-defaults.conf}, or null. */
    synchronized String confDir() {
        return confDir;
    }

    synchronized void confDir(String confDir) {
        this.confDir = confDir;
    }

    /** The job now running for this run (its JVM, or the fast tier's stand-in), or null. */
    RunningJob running() {
        return running;
    }

    synchronized void started(RunningJob job) {
        this.running = job;
        this.pid = job.pid();
    }

    synchronized Long pid() {
        return pid;
    }

    /** The job's own error message, if it reported one (callback or its output). */
    String error() {
        return error;
    }

    void error(String message) {
        this.error = message;
    }

    synchronized Integer exitCode() {
        return exitCode;
    }

    synchronized void exitCode(int exitCode) {
        this.exitCode = exitCode;
    }

    synchronized boolean hasResult() {
        return result != null;
    }

    /** Keeps the job's result; false (and nothing changes) when the run holds one already. */
    synchronized boolean keepResult(Map<String, Object> result) {
        if (this.result != null) {
            return false;
        }
        this.result = result;
        return true;
    }

    synchronized Map<String, Object> result() {
        return result;
    }

    /**
     * Records a progress report's percent; false when it is older than one already shown, or says nothing new (the
     * same percent in the same phase: a job repeating itself must not grow the run's history). A new phase at the
     * same percent passes: a page that shows phases must see a phase that lasts milliseconds.
     */
    synchronized boolean advanceProgress(double percent, String phase) {
        if (percent < progressPercent || (percent == progressPercent && Objects.equals(phase, progressPhase))) {
            return false;
        }
        progressPercent = percent;
        progressPhase = phase;
        return true;
    }
}
