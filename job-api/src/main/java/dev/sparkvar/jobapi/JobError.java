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
        @Size(max = Messages.MAX_TEXT, message = Messages.NON_EMPTY_STRING)
        String message) {

    /** The error of a job exiting with {@code code}. */
    public JobError(ExitCode code, String message) {
        this(code.code(), message);
    }
}
