package dev.sparkvar.run;

/** Ends a run's flow when a user cancels it. */
final class RunCancelledException extends RuntimeException {
    RunCancelledException() {
        super("cancelled by user", null, false, false);
    }
}
