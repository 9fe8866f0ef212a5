package dev.sparkvar.run;

import java.util.concurrent.CompletableFuture;

/**
 * A run's job while it runs, as the flow sees it: its PID, its exit, its error line, a way to stop it. The job JVM
 * ({@link JobProcess}) is the one production kind; the interface is what lets the fast test tier stand in for the
 * process and test the flow's rules (admission, cancel points, failures, result precedence) in milliseconds.
 */
interface RunningJob {

    long pid();

    /** Completes with the exit code once the job has ended and all of its output has been read. */
    CompletableFuture<Integer> exit();

    /** The message of the job's own error line, if it printed one. */
    String errorMessage();

    boolean isAlive();

    /** Stops the job and everything it started (by PID); returns once they are gone or reported. Blocking. */
    void stop();
}
