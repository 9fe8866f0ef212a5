package dev.sparkvar.access;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions, held here and not in the cookie: a random 256-bit id maps to its expiry, so a sign-out or a
 * restart ends it. Bounded: beyond {@link #MAX} sessions the one closest to expiry is dropped.
 */
@Singleton
public class Sessions {

    /** Name of the session cookie. */
    public static final String COOKIE = "sparkvar-session";

    /**
     * Its name when the cookie is {@code Secure} (HTTPS, or TLS at a Route): the {@code __Host-} prefix makes a
     * browser refuse it unless it is {@code Secure}, has {@code Path=/} and no {@code Domain}, so a sibling
     * subdomain or a plain-HTTP page cannot plant or overwrite it.
     */
    public static final String SECURE_COOKIE = "__Host-" + COOKIE;

    static final int MAX = 10_000;

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;

    @Inject
    public Sessions(AccessConfig config) {
        this(config.sessionTimeout(), Clock.systemUTC());
    }

    Sessions(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Starts a session and returns its id. */
    public String start() {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        while (expiries.size() >= MAX) {
            expiries.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                    .ifPresent(oldest -> expiries.remove(oldest.getKey()));
        }
        String id = AccessTokens.random();
        expiries.put(id, now.plus(timeout));
        return id;
    }

    /** Whether {@code id} names a session that has not expired. */
    public boolean valid(String id) {
        if (id == null) {
            return false;
        }
        Instant expiry = expiries.get(id);
        if (expiry != null && !expiry.isAfter(clock.instant())) {
            expiries.remove(id);
            return false;
        }
        return expiry != null;
    }

    /** Ends the session {@code id}, if any. */
    public void end(String id) {
        if (id != null) {
            expiries.remove(id);
        }
    }

    public Duration timeout() {
        return timeout;
    }
}
