package dev.sparkvar.access;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decisions of {@link BrowserSafety} and {@link Sessions} without a server: hosts, origins, types, expiry. */
class BrowserSafetyTests {

    private static BrowserSafety safety(String hosts, String httpHost) {
        AccessConfig config = new AccessConfig() {
            public Optional<List<String>> tokens() { return Optional.empty(); }
            public Optional<List<String>> backendTokens() { return Optional.empty(); }
            public java.nio.file.Path tokenFile() { return java.nio.file.Path.of("x"); }
            public boolean anonymousRead() { return false; }
            public Optional<List<String>> hosts() { return Optional.ofNullable(hosts).map(h -> List.of(h.split(","))); }
            public Duration sessionTimeout() { return Duration.ofHours(8); }
            public Optional<List<String>> allowedMasters() { return Optional.empty(); }
            public Oidc oidc() { return () -> List.of("sparkvar-user"); }
        };
        return new BrowserSafety(config, Optional.ofNullable(httpHost));
    }

    private static Integer status(BrowserSafety s, HttpMethod method, String host, int port, String origin, String type) {
        BrowserSafety.Refusal r = s.refusal(method, host == null ? null : HostAndPort.create(host, port), origin, type);
        return r == null ? null : r.status();
    }

    @Test
    void theDefaultHostsAreLoopbackNamesAndTheBoundHost() {
        BrowserSafety s = safety(null, "127.0.0.1");
        for (String host : List.of("localhost", "127.0.0.1", "[::1]", "LocalHost")) {
            assertNull(status(s, HttpMethod.GET, host, 8080, null, null), host);
        }
        assertEquals(421, status(s, HttpMethod.GET, "attacker.example", 8080, null, null));
        assertEquals(421, status(s, HttpMethod.GET, null, -1, null, null), "no Host at all");
        assertNull(status(safety(null, "sparkvar.lan"), HttpMethod.GET, "sparkvar.lan", 8080, null, null),
                "quarkus.http.host is served");
        assertEquals(421, status(safety(null, "0.0.0.0"), HttpMethod.GET, "0.0.0.0", 8080, null, null),
                "0.0.0.0 is no host name");
        assertNull(status(safety("*", null), HttpMethod.GET, "10.128.0.7", 8080, null, null), "* = any");
        // issue 18: a configured list adds to the loopback names, which this service's own calls use (a LAN name alone
        // answered them 421 and failed every run)
        BrowserSafety lan = safety("sparkvar.example.com", null);
        assertNull(status(lan, HttpMethod.GET, "sparkvar.example.com", 8080, null, null));
        assertNull(status(lan, HttpMethod.POST, "127.0.0.1", 8080, null, "application/json"), "own calls pass");
        assertNull(status(lan, HttpMethod.GET, "localhost", 8080, null, null));
        assertEquals(421, status(lan, HttpMethod.GET, "attacker.example", 8080, null, null));
    }

    @Test
    void originsMustBeThisHostAndPort() {
        assertTrue(BrowserSafety.sameOrigin("http://localhost:8080", HostAndPort.create("localhost", 8080)));
        assertTrue(BrowserSafety.sameOrigin("HTTP://LOCALHOST:8080", HostAndPort.create("localhost", 8080)));
        assertFalse(BrowserSafety.sameOrigin("http://localhost:8081", HostAndPort.create("localhost", 8080)));
        assertFalse(BrowserSafety.sameOrigin("http://127.0.0.1:8080", HostAndPort.create("localhost", 8080)));
        // behind a TLS-terminating Route: Host without a port, Origin on https' default port
        assertTrue(BrowserSafety.sameOrigin("https://sparkvar.apps.example.com",
                HostAndPort.create("sparkvar.apps.example.com", -1)));
        assertFalse(BrowserSafety.sameOrigin("https://evil.apps.example.com",
                HostAndPort.create("sparkvar.apps.example.com", -1)));
        assertFalse(BrowserSafety.sameOrigin("null", HostAndPort.create("localhost", 8080)));
        assertFalse(BrowserSafety.sameOrigin("not a url", HostAndPort.create("localhost", 8080)));
    }

    @Test
    void stateChangesNeedJsonAndTheirOwnOrigin() {
        BrowserSafety s = safety(null, null);
        assertNull(status(s, HttpMethod.POST, "localhost", 8080, null, "application/json; charset=utf-8"));
        assertNull(status(s, HttpMethod.PUT, "localhost", 8080, "http://localhost:8080", "application/json"));
        assertNull(status(s, HttpMethod.POST, "localhost", 8080, null, "application/merge-patch+json"));
        assertEquals(415, status(s, HttpMethod.POST, "localhost", 8080, null, null));
        assertEquals(415, status(s, HttpMethod.POST, "localhost", 8080, null, "text/plain"));
        assertEquals(415, status(s, HttpMethod.PATCH, "localhost", 8080, null, "application/x-www-form-urlencoded"));
        assertEquals(415, status(s, HttpMethod.DELETE, "localhost", 8080, null, "text/plain"));
        assertNull(status(s, HttpMethod.DELETE, "localhost", 8080, null, null), "a DELETE without a body");
        assertEquals(403, status(s, HttpMethod.POST, "localhost", 8080, "http://evil.example", "application/json"));
        assertEquals(403, status(s, HttpMethod.DELETE, "localhost", 8080, "http://evil.example", null));
        assertNull(status(s, HttpMethod.GET, "localhost", 8080, "http://evil.example", null), "reads: CORS decides");
    }

    @Test
    void sessionsExpireAndEnd() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0]; }
        };
        Sessions sessions = new Sessions(Duration.ofMinutes(10), clock);
        String a = sessions.start();
        String b = sessions.start();
        assertNotEquals(a, b);
        assertTrue(sessions.valid(a));
        assertFalse(sessions.valid("guessed"));
        assertFalse(sessions.valid(null));
        sessions.end(b);
        assertFalse(sessions.valid(b));
        now[0] = now[0].plus(Duration.ofMinutes(10));
        assertFalse(sessions.valid(a), "expired at its timeout");
    }

    @Test
    void tokensAreComparedByDigest() {
        assertEquals(43, AccessTokens.random().length());
        assertNotEquals(AccessTokens.random(), AccessTokens.random());
        assertEquals(32, AccessTokens.digest("x").length);
    }
}
