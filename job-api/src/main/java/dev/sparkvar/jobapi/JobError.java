package dev.sparkvar.jobapi;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The job's failure, e.g. {@code {"exitCode":2,"message":"Data file not found: x.csv"}} (on stdout with
 * {@code "event":"error"} first), printed and posted just before it exits with {@code exitCode}.
 *
 * @param exitCode the status the job exits with, an {@link ExitCode}; informative, the process's own status counts
 * @param message what went wrong, one line, for the run's failure reason
 */
public record JobError(
        Integer exitCode,
        @NotBlank(message = Messages.NON_EMPTY_STRING)
        @Size(max = JobError.MAX_MESSAGE, message = "must be at most " + JobError.MAX_MESSAGE + " characters")
        String message) {

    /** Longest message the service takes: a Spark failure's first line and its root cause fit. */
    public static final int MAX_MESSAGE = 2000;

    /** The error of a job exiting with {@code exitCode}, its message cut to {@link #MAX_MESSAGE} (never blank). */
    public static JobError bounded(int exitCode, String message) {
        String text = message == null || message.isBlank() ? "the job failed (no message)" : message;
        return new JobError(exitCode, text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…");
    }

    /** The error of a job exiting with {@code code}. */
    public JobError(ExitCode code, String message) {
        this(code.code(), message);
    }
}
