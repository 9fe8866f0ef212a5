package dev.sparkvar.run;

import io.quarkus.logging.Log;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The job JVMs starting now, and whether the service is stopping ({@link JobLauncher}). Why: a start can block for a
 * second or more before its JVM exists (the first of a kind waits for the class-sharing check,
 * {@code ClassArchives#options}), and a JVM it started after the service had stopped its runs and slots was seen by
 * nobody and outlived the service. Once closed, nothing starts, and a start already past the check stops its own JVM
 * before {@link #close} stops waiting for it.
 */
final class JobStarts {

    private int starting;
    private boolean closed;

    /** A start begins; refused once the service is stopping. */
    synchronized void enter() {
        if (closed) {
            throw new IllegalStateException("the service is stopping: no job starts now");
        }
        starting++;
    }

    /** A start ended (its JVM running, stopped or never made). */
    synchronized void exit() {
        starting--;
        notifyAll();
    }

    /** Whether the service began stopping: a JVM started now must be stopped by whoever started it. */
    synchronized boolean closed() {
        return closed;
    }

    /** Nothing starts from now on; waits at most {@code timeout} for the starts in flight. */
    synchronized void close(Duration timeout) {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (starting > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                Log.warnf("%d job JVM start(s) still in flight after %s at shutdown", starting, timeout);
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
