package dev.sparkvar.access;

import dev.sparkvar.testing.Management;
import dev.sparkvar.testing.TestAccess;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Who may call what (README, "Access"): every state-changing endpoint needs the token, reading does too
 * (anonymous-read off, the default), a browser session cookie stands for the token, and the browser-safety refusals
 * (415, 403, 421) come before anything else. Nothing here starts a run: a request that gets past access fails
 * validation (400) or finds nothing (404), so that each case shows which layer answered.
 */
@QuarkusTest
class AccessTests {

    /** Each state-changing endpoint, with a body that would be valid enough to reach the resource. */
    record Call(String method, String path, String body) {
    }

    static final List<Call> CHANGES = List.of(
            new Call("POST", "/runs", "{\"simulations\": 0}"),
            new Call("DELETE", "/runs/run-does-not-exist", null),
            new Call("POST", "/oshinko/clusters", "{\"name\": \"cluster-access\"}"),
            new Call("PUT", "/oshinko/clusters/cluster-access", "{\"name\": \"cluster-access\"}"),
            new Call("DELETE", "/oshinko/clusters/cluster-access", null));

    static final List<String> READS = List.of("/runs", "/runs/run-does-not-exist", "/runs/run-does-not-exist/events",
            "/runs/run-does-not-exist/log", "/datasets", "/oshinko/clusters", "/oshinko/");

    private static Response send(Call call, String authorization) {
        var request = given().header(TestAccess.ANONYMOUS, "yes");
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        if (call.body() != null) {
            request = request.contentType(ContentType.JSON).body(call.body());
        }
        return request.request(call.method(), call.path());
    }

    private static void assertUnauthorized(Response response, String what) {
        assertThat(what, response.statusCode(), is(401));
        assertThat(what, response.contentType(), startsWith("application/problem+json"));
        assertThat(what, response.header("WWW-Authenticate"), startsWith("Bearer"));
        assertThat(what, response.jsonPath().getInt("status"), is(401));
        assertThat(what, response.jsonPath().getString("title"), is("Unauthorized"));
    }

    @Test
    void everyStateChangingEndpointWantsACredential() {
        int before = given().get("/runs").then().statusCode(200).extract().jsonPath().getList("$").size();
        for (Call call : CHANGES) {
            assertUnauthorized(send(call, null), call.method() + " " + call.path() + " without a credential");
            assertUnauthorized(send(call, "Bearer not-the-token"), call.method() + " " + call.path() + " wrong token");
            assertUnauthorized(send(call, "Bearer "), call.method() + " " + call.path() + " empty token");
        }
        given().get("/oshinko/clusters").then().statusCode(200).body("clusters.name", org.hamcrest.Matchers.not(
                org.hamcrest.Matchers.hasItem("cluster-access")));
        assertThat(given().get("/runs").then().statusCode(200).extract().jsonPath().getList("$"), hasSize(before));
    }

    @Test
    void theRightTokenGetsThrough() {
        // past access, each request meets its resource: validation (400) or an unknown name (404)
        assertThat(send(CHANGES.get(0), TestAccess.authorization()).statusCode(), is(400));
        assertThat(send(CHANGES.get(1), TestAccess.authorization()).statusCode(), is(404));
        // the embedded backend's doors want the role backend: a user token is refused (403), the backend one passes
        assertThat(send(CHANGES.get(4), TestAccess.authorization()).statusCode(), is(403));
        assertThat(send(CHANGES.get(4), "Bearer " + TestAccess.BACKEND_TOKEN).statusCode(), is(404));
        given().header(TestAccess.ANONYMOUS, "yes").header("Authorization", "bearer " + TestAccess.TOKEN)
                .get("/runs").then().statusCode(200);
    }

    @Test
    void readingWantsACredentialByDefault() {
        for (String path : READS) {
            assertUnauthorized(given().header(TestAccess.ANONYMOUS, "yes").get(path), "GET " + path);
            assertThat("GET " + path + " with a token", given().get(path).statusCode(), isOneOf(200, 404));
        }
    }

    @Test
    void thePageHealthAndCallbacksStayOpen() {
        given().header(TestAccess.ANONYMOUS, "yes").get("/").then().statusCode(200).contentType(containsString("text/html"));
        given().header(TestAccess.ANONYMOUS, "yes").get("/js/app.js").then().statusCode(200);
        // the probes on the management port (issue 21), without a credential; on the public port they are no route
        given().header(TestAccess.ANONYMOUS, "yes").get(Management.uri("/q/health/live")).then().statusCode(200);
        given().header(TestAccess.ANONYMOUS, "yes").get("/q/health/live").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(404);
        // the callback keeps its own per-run token check (run/JobCallbackAuth), the token first: 401 without one,
        // whether the run exists or not
        given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON).body("{}")
                .post("/internal/runs/run-does-not-exist/progress").then().statusCode(401);
    }

    @Test
    void aJwtIsNoCredentialWithoutAnIssuer() {
        // OIDC is off here (no quarkus.oidc.auth-server-url): a well-formed signed JWT is just an unknown token
        long now = java.time.Instant.now().getEpochSecond();
        String jwt = dev.sparkvar.testing.TestIssuer.sign(java.util.Map.of("iss", "http://127.0.0.1:1/realms/x",
                "sub", "alice", "exp", now + 600, "realm_access", java.util.Map.of("roles", List.of("sparkvar-user"))),
                dev.sparkvar.testing.TestIssuer.rsa().getPrivate(), "k1");
        assertUnauthorized(send(new Call("GET", "/runs", null), "Bearer " + jwt), "GET /runs with a JWT, OIDC off");
        assertUnauthorized(send(CHANGES.get(1), "Bearer " + jwt), "DELETE with a JWT, OIDC off");
    }

    @Test
    void aSessionCookieStandsForTheToken() {
        Response signIn = given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON)
                .body("{\"token\": \"" + TestAccess.TOKEN + "\"}").post("/auth/session");
        assertThat(signIn.statusCode(), is(204));
        String setCookie = signIn.header("Set-Cookie");
        assertThat(setCookie, startsWith(Sessions.COOKIE + "="));
        assertThat(setCookie, containsString("HttpOnly"));
        assertThat(setCookie.toLowerCase(), containsString("samesite=strict"));
        assertThat(setCookie, containsString("Path=/"));
        assertThat(setCookie, not(containsString(TestAccess.TOKEN)));
        String session = signIn.cookie(Sessions.COOKIE);
        assertThat(session.length(), greaterThanOrEqualTo(43));

        given().cookie(Sessions.COOKIE, session).get("/runs").then().statusCode(200);
        // the SSE stream of a run: past access with the cookie (404: no such run), 401 without
        given().cookie(Sessions.COOKIE, session).accept("text/event-stream").get("/runs/run-does-not-exist/events")
                .then().statusCode(404);
        given().cookie(Sessions.COOKIE, session).contentType(ContentType.JSON).body("{\"simulations\": 0}")
                .post("/runs").then().statusCode(400);

        given().cookie(Sessions.COOKIE, session).delete("/auth/session").then().statusCode(204)
                .header("Set-Cookie", containsString("Max-Age=0"));
        assertUnauthorized(given().cookie(Sessions.COOKIE, session).get("/runs"), "GET /runs after signing out");
        assertUnauthorized(given().cookie(Sessions.COOKIE, "made-up").get("/runs"), "GET /runs with a made-up session");
    }

    @Test
    void aWrongTokenGetsNoSession() {
        Response r = given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON)
                .body("{\"token\": \"wrong\"}").post("/auth/session");
        assertThat(r.statusCode(), is(401));
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertThat(r.header("Set-Cookie"), nullValue());
        given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON).body("{}").post("/auth/session")
                .then().statusCode(400).body("errors[0].field", equalTo("token"));
        given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON).body("{\"token\":\"x\",\"extra\":1}")
                .post("/auth/session").then().statusCode(400).body("errors[0].field", equalTo("extra"));
    }

    @Test
    void aStateChangingRequestMustBeJson() {
        // what an HTML form can send cross-site without a CORS preflight: plain text, a form, multipart
        List<io.restassured.specification.RequestSpecification> bodies = List.of(
                given().contentType("text/plain").body("{\"simulations\": 1}"),
                given().formParam("simulations", "1"),
                given().multiPart("simulations", "1"));
        for (var body : bodies) {
            body.post("/runs").then().statusCode(415)
                    .contentType(startsWith("application/problem+json")).body("status", equalTo(415));
        }
        given().body("{}".getBytes()).post("/runs").then().statusCode(415); // application/octet-stream
        given().contentType("text/plain").body("x").post("/auth/session").then().statusCode(415);
        given().contentType("text/plain").body("x").put("/oshinko/clusters/cluster-access").then().statusCode(415);
        // a DELETE has no body: it needs no type (a browser cannot send it cross-site without a CORS preflight)
        given().delete("/runs/run-does-not-exist").then().statusCode(404);
    }

    @Test
    void aCrossSiteRequestCannotChangeAnything() {
        for (String origin : List.of("http://evil.example", "null", "http://localhost.evil.example",
                "http://localhost:1")) {
            given().header("Origin", origin).contentType(ContentType.JSON).body("{\"simulations\": 0}").post("/runs")
                    .then().statusCode(403).contentType(startsWith("application/problem+json"))
                    .body("detail", containsString("cross-site"));
        }
        given().header("Origin", "http://evil.example").delete("/runs/run-does-not-exist").then().statusCode(403);
        given().header("Origin", "http://evil.example").contentType(ContentType.JSON).body("{\"token\":\"x\"}")
                .post("/auth/session").then().statusCode(403);
        // the page's own origin passes (400: the body is invalid), and so does a GET from anywhere (CORS governs reads)
        int port = io.restassured.RestAssured.port;
        given().header("Origin", "http://127.0.0.1:" + port).contentType(ContentType.JSON).body("{\"simulations\": 0}")
                .post("/runs").then().statusCode(400);
        given().header("Origin", "http://evil.example").get("/datasets").then().statusCode(200);
    }

    @Test
    void onlyTheServedHostNamesAreAnswered() {
        for (String host : List.of("evil.example", "evil.example:" + io.restassured.RestAssured.port, "10.1.2.3")) {
            given().header("Host", host).get("/runs").then().statusCode(421)
                    .contentType(startsWith("application/problem+json")).body("status", equalTo(421));
            given().header("Host", host).get("/").then().statusCode(421);
        }
        given().header("Host", "127.0.0.1:" + io.restassured.RestAssured.port).get("/runs").then().statusCode(200);
        given().header("Host", "LOCALHOST").get("/runs").then().statusCode(200);
    }
}
