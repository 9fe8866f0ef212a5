package dev.sparkvar.job;

/** A problem with the job's input (arguments, data file, holdings): exit code 2 with one clear message. */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
