package dev.sparkvar.oshinko;

import dev.sparkvar.cluster.OshinkoException;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The time limits and retry policy of the oshinko calls, applied to {@link OshinkoRestClient}'s methods with
 * {@code @ApplyGuard}. Guards rather than literal {@code @Retry}/{@code @Timeout} values so that they come from the
 * service's one configuration root ({@code sparkvar.oshinko.*}, as Durations). A failed attempt is retried when it
 * may succeed the second time: a 5xx, no connection, no answer in time; never a 4xx or a reply that is not oshinko's.
 */
@Singleton
class OshinkoGuards {

    /** GETs: {@code timeout} per attempt, retried. */
    static final String READ = "oshinko-read";
    /** PUT (scale) and DELETE: {@code change-timeout} per attempt, retried. */
    static final String CHANGE = "oshinko-change";
    /** POST (create): {@code change-timeout}, one attempt. */
    static final String CREATE = "oshinko-create";

    @Produces
    @Singleton
    @Identifier(READ)
    Guard read(OshinkoConfig config) {
        return retried(READ, config.timeout(), config);
    }

    @Produces
    @Singleton
    @Identifier(CHANGE)
    Guard change(OshinkoConfig config) {
        return retried(CHANGE, config.changeTimeout(), config);
    }

    @Produces
    @Singleton
    @Identifier(CREATE)
    Guard create(OshinkoConfig config) {
        return Guard.create().withDescription(CREATE)
                .withTimeout().duration(millis(config.changeTimeout()), ChronoUnit.MILLIS).done()
                .build();
    }

    private static Guard retried(String name, Duration timeout, OshinkoConfig config) {
        long first = millis(config.retryBackoff());
        long longest = first * 10;
        return Guard.create().withDescription(name)
                .withRetry().maxRetries(config.retries())
                        // first pause, doubling up to 10x, each ±25% so that callers failed together spread out
                        .delay(first, ChronoUnit.MILLIS).jitter(first / 4, ChronoUnit.MILLIS)
                        .withExponentialBackoff().factor(2).maxDelay(longest, ChronoUnit.MILLIS).done()
                        // the whole budget, not the library's 3-minute default, which one slow delete could spend
                        .maxDuration((config.retries() + 1) * (millis(timeout) + longest), ChronoUnit.MILLIS)
                        .whenException(OshinkoGuards::worthRetrying)
                        .done()
                .withTimeout().duration(millis(timeout), ChronoUnit.MILLIS).done()
                .build();
    }

    static boolean worthRetrying(Throwable failure) {
        if (failure instanceof OshinkoException e) {
            return e.transientFailure() && !(e instanceof OshinkoErrors.MalformedReply);
        }
        // no answer in time, or none at all (refused, reset, unknown host); a body Jackson cannot read is no
        // transport failure and would read the same the second time
        return failure instanceof TimeoutException || !OshinkoClient.unreadable(failure);
    }

    private static long millis(Duration d) {
        return Math.max(0, d.toMillis());
    }
}
