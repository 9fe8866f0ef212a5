package dev.sparkvar.jobapi;

import java.util.Optional;

/** The job JVM's exit codes: zero is success, anything else a failure whose reason is the job's error event. */
public enum ExitCode {
    /** The result was computed, written and (when a callback was given) posted. */
    OK(0),
    /** Any other failure: Spark, the cluster, an I/O error, a result that could not be posted. */
    FAILURE(1),
    /** Bad arguments or bad input data: running again with the same input fails the same way. */
    BAD_INPUT(2);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /** The constant with this exit status, if it is one of the job's. */
    public static Optional<ExitCode> of(int code) {
        for (ExitCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
