package dev.sparkvar.access;

import dev.sparkvar.testing.TestAccess;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's door table: every route of the service × every way of writing its path × every kind of credential.
 * A path written another way (matrix parameters {@code ;x}, {@code %3B}, an encoded {@code /}, {@code //}, a trailing
 * slash, dot segments, encoded dots, a backslash, upper case) is either refused or meets exactly the rule of its
 * canonical form: it never gets an answer its canonical form refuses, and never a different success. A credential
 * that must not pass (none, a wrong token, the wrong role) is refused on every spelling: 401 or 403, or 400 from
 * {@link CanonicalPaths}. Requests go over a raw socket, byte for byte as written here: an HTTP client library
 * would normalise the very paths under test. The other-host rows (a network namespace) are in
 * {@code OtherHostTests}. Nothing here starts a run or a cluster: bodies are invalid and names unknown.
 */
@QuarkusTest
class AccessRouteTableTests {

    /** What a route is, for access: which credentials its rules let through to the resource. */
    enum Door {
        /** The page's files: anyone. */
        OPEN,
        /**
         * Served on the management port only (health, metrics: issue 21): on the public port no rule names them, so
         * deny by default wants the role user, and then the router has no such route (404).
         */
        MANAGEMENT_ONLY,
        /** Signing in, the job's callbacks: anyone reaches the resource, which checks its own token. */
        OWN_CHECK,
        /** The API: the role user. */
        API,
        /** The embedded backend: the role backend. */
        BACKEND
    }

    enum Credential {
        NONE(null), USER("Bearer " + TestAccess.TOKEN), BACKEND("Bearer " + TestAccess.BACKEND_TOKEN),
        WRONG("Bearer not-a-token-of-this-service");

        final String authorization;

        Credential(String authorization) {
            this.authorization = authorization;
        }
    }

    record Route(String method, String path, String body, Door door) {
    }

    /** Every route the service serves (README, "Runs API"), with ids and bodies that change nothing. */
    static final List<Route> ROUTES = List.of(
            new Route("GET", "/", null, Door.OPEN),
            new Route("GET", "/index.html", null, Door.OPEN),
            new Route("GET", "/css/app.css", null, Door.OPEN),
            new Route("GET", "/js/app.js", null, Door.OPEN),
            new Route("GET", "/webjars/chart.js/4.5.1/dist/chart.umd.min.js", null, Door.OPEN),
            new Route("GET", "/q/health", null, Door.MANAGEMENT_ONLY),
            new Route("GET", "/q/health/live", null, Door.MANAGEMENT_ONLY),
            new Route("GET", "/q/health/ready", null, Door.MANAGEMENT_ONLY),
            new Route("GET", "/q/health/started", null, Door.MANAGEMENT_ONLY),
            new Route("GET", "/q/metrics", null, Door.MANAGEMENT_ONLY),
            new Route("POST", "/auth/session", "{\"token\": \"not-a-token\"}", Door.OWN_CHECK),
            new Route("DELETE", "/auth/session", null, Door.OWN_CHECK),
            new Route("POST", "/internal/runs/run-none/progress", "{}", Door.OWN_CHECK),
            new Route("POST", "/internal/runs/run-none/result", "{}", Door.OWN_CHECK),
            new Route("POST", "/internal/runs/run-none/error", "{}", Door.OWN_CHECK),
            new Route("GET", "/runs", null, Door.API),
            new Route("POST", "/runs", "{\"simulations\": 0}", Door.API),
            new Route("GET", "/runs/run-none", null, Door.API),
            new Route("GET", "/runs/run-none/events", null, Door.API),
            new Route("GET", "/runs/run-none/log", null, Door.API),
            new Route("DELETE", "/runs/run-none", null, Door.API),
            new Route("GET", "/datasets", null, Door.API),
            new Route("GET", "/status", null, Door.API),
            new Route("GET", "/q/openapi", null, Door.API),
            new Route("GET", "/q/swagger-ui/", null, Door.API),
            new Route("GET", "/oshinko/", null, Door.BACKEND),
            new Route("GET", "/oshinko/clusters", null, Door.BACKEND),
            new Route("POST", "/oshinko/clusters", "{\"name\": \"Not_A_Dns_Label\"}", Door.BACKEND),
            new Route("GET", "/oshinko/clusters/cluster-none", null, Door.BACKEND),
            new Route("PUT", "/oshinko/clusters/cluster-none", "{\"name\": \"cluster-none\"}", Door.BACKEND),
            new Route("DELETE", "/oshinko/clusters/cluster-none", null, Door.BACKEND),
            new Route("GET", "/local-graphite/cluster-none/render?target=master.aliveWorkers", null, Door.BACKEND),
            new Route("GET", "/local-graphite/cluster-none/metrics/index.json", null, Door.BACKEND));

    /** Whether {@code credential} may pass the rules in front of a route of {@code door}. */
    static boolean passes(Door door, Credential credential) {
        return switch (door) {
            case OPEN -> credential != Credential.WRONG; // a wrong bearer token is a failed authentication anywhere
            case OWN_CHECK -> true;
            case API, MANAGEMENT_ONLY -> credential == Credential.USER;
            case BACKEND -> credential == Credential.BACKEND;
        };
    }

    /** The ways of writing {@code path} otherwise, by name. */
    static Map<String, String> variants(String path) {
        int query = path.indexOf('?');
        String p = query < 0 ? path : path.substring(0, query);
        String q = query < 0 ? "" : path.substring(query);
        String rest = p.substring(1); // without the leading '/'
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        String after = slash < 0 ? "" : rest.substring(slash);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("matrix ;x", "/" + first + ";x" + after + q);
        v.put("matrix at the end", p + ";x" + q);
        v.put("%3B", "/" + first + "%3Bx" + after + q);
        v.put("%3b", "/" + first + "%3bx" + after + q);
        if (slash >= 0) {
            v.put("encoded /", "/" + first + "%2F" + after.substring(1) + q);
            v.put("encoded / lower", "/" + first + "%2f" + after.substring(1) + q);
            v.put("inner //", "/" + first + "/" + after + q);
            v.put("backslash", "/" + first + "\\" + after.substring(1) + q);
        }
        v.put("leading //", "/" + p + q);
        if (!p.endsWith("/")) {
            v.put("trailing /", p + "/" + q);
        }
        v.put("dot segment", "/./" + rest + q);
        v.put("dot-dot segment", "/x/../" + rest + q);
        v.put("encoded dot", "/%2e/" + rest + q);
        v.put("encoded dot-dot", "/x/%2E%2E/" + rest + q);
        v.put("double-encoded ;", "/" + first + "%253Bx" + after + q);
        if (!first.isEmpty()) {
            v.put("upper case", "/" + first.toUpperCase(Locale.ROOT) + after + q);
        }
        return v;
    }

    record Answer(int status, String body) {
    }

    /** Sends the request exactly as written, over a fresh connection, and reads the status line and the body. */
    static Answer send(String method, String path, String body, Credential credential) throws IOException {
        int port = RestAssured.port;
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n").append("Connection: close\r\n");
        if (path.contains("/events")) {
            head.append("Accept: text/event-stream\r\n");
        }
        if (credential.authorization != null) {
            head.append("Authorization: ").append(credential.authorization).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000); // every wait has its bound: no answer within 10 s fails the row
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            String answer = readUpTo(socket.getInputStream(), 64 * 1024);
            String statusLine = answer.lines().findFirst().orElse("");
            String[] parts = statusLine.split(" ");
            int status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
            int blank = answer.indexOf("\r\n\r\n");
            return new Answer(status, blank < 0 ? "" : answer.substring(blank + 4));
        }
    }

    private static String readUpTo(InputStream in, int max) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while (buffer.size() < max && (n = in.read(chunk)) > 0) {
            buffer.write(chunk, 0, n);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static final Set<Integer> REFUSALS = Set.of(400, 401, 403);

    @Test
    void everyRouteEverySpellingEveryCredential() throws IOException {
        List<String> failures = new ArrayList<>();
        int rows = 0;
        for (Route route : ROUTES) {
            for (Credential credential : Credential.values()) {
                Answer canonical = send(route.method(), route.path(), route.body(), credential);
                rows++;
                String what = credential + " " + route.method() + " " + route.path();
                boolean passes = passes(route.door(), credential);
                int expectedRefusal = credential == Credential.NONE || credential == Credential.WRONG ? 401 : 403;
                if (!passes && canonical.status() != expectedRefusal) {
                    failures.add(what + ": " + canonical.status() + ", expected " + expectedRefusal);
                }
                if (passes && REFUSALS.contains(canonical.status()) && route.door() != Door.OWN_CHECK
                        && !route.method().equals("POST")) {
                    failures.add(what + ": refused (" + canonical.status() + ") though the credential should pass");
                }
                for (Map.Entry<String, String> variant : variants(route.path()).entrySet()) {
                    Answer answer = send(route.method(), variant.getValue(), route.body(), credential);
                    rows++;
                    String row = credential + " " + route.method() + " " + variant.getValue() + " ("
                            + variant.getKey() + ")";
                    if (!passes) {
                        // upper case names no route (the router is case-sensitive): deny by default lets a user
                        // token as far as the router's 404, never to a resource
                        boolean noRoute = variant.getKey().equals("upper case") && answer.status() == 404;
                        if (!REFUSALS.contains(answer.status()) && !noRoute) {
                            failures.add(row + ": " + answer.status() + " where the canonical path is refused");
                        }
                    } else if (answer.status() != canonical.status() && !REFUSALS.contains(answer.status())
                            && answer.status() != 404 && answer.status() != 405) {
                        failures.add(row + ": " + answer.status() + " where the canonical path answers "
                                + canonical.status());
                    }
                    if (answer.status() >= 200 && answer.status() < 300 && answer.status() != canonical.status()) {
                        failures.add(row + ": a success (" + answer.status() + ") its canonical form does not give");
                    }
                    if (answer.status() == 500 || answer.body().contains("Exception")) {
                        failures.add(row + ": an error or a stack trace: " + answer.body());
                    }
                }
            }
        }
        System.out.println("[sparkvar] access route table: " + rows + " rows (" + ROUTES.size() + " routes × "
                + Credential.values().length + " credentials × the canonical path and its variants)");
        assertTrue(rows > 1500, "rows tried: " + rows);
        assertEquals(List.of(), failures, failures.size() + " of " + rows + " rows wrong");
    }

    @Test
    void aMatrixParameterNeverReadsTheRuns() throws IOException {
        // the issue's own attack, spelled every way: nothing but a refusal, and never the list of runs
        for (String path : List.of("/runs;x", "/runs%3Bx", "/runs%3bx", "/runs;x/run-none", "/runs;x/run-none/events",
                "/runs;x/run-none/log", "/datasets;x", "/runs;/", "/runs/;x", "/%72uns", "/runs/.;x")) {
            Answer answer = send("GET", path, null, Credential.NONE);
            assertTrue(REFUSALS.contains(answer.status()), path + ": " + answer.status() + " " + answer.body());
            assertTrue(answer.body().contains("\"status\""), path + " answers problem JSON: " + answer.body());
        }
    }

    @Test
    void healthAndMetricsAreNoRouteOnThePublicPort() throws IOException {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics")) {
            assertEquals(401, send("GET", path, null, Credential.NONE).status(), path);
            assertEquals(404, send("GET", path, null, Credential.USER).status(), path);
        }
    }

    @Test
    void theInternalTokenIsRefusedOnTheApi() throws IOException {
        // the backend role (this service's own token has it, and only it) opens the doors, not the API
        assertEquals(403, send("GET", "/runs", null, Credential.BACKEND).status());
        assertEquals(403, send("POST", "/runs", "{}", Credential.BACKEND).status());
        assertEquals(200, send("GET", "/oshinko/clusters", null, Credential.BACKEND).status());
        assertEquals(403, send("GET", "/oshinko/clusters", null, Credential.USER).status());
        assertEquals(403, send("POST", "/oshinko/clusters", "{\"name\": \"cluster-x\"}", Credential.USER).status());
    }
}
