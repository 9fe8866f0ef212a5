package dev.sparkvar.problem;

import java.time.Duration;

/** 429: the service is at capacity; the client may try again after {@link #retryAfter()} (the Retry-After header). */
public class RetryLaterException extends ProblemException {

    private final Duration retryAfter;

    public RetryLaterException(String detail, Duration retryAfter) {
        super(429, "Too Many Requests", detail);
        this.retryAfter = retryAfter;
    }

    /** At least one second: Retry-After counts whole seconds. */
    public Duration retryAfter() {
        return retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
    }
}
