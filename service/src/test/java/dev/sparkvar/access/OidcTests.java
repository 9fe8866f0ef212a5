package dev.sparkvar.access;

import dev.sparkvar.testing.TestAccess;
import dev.sparkvar.testing.TestIssuer;
import dev.sparkvar.testing.TestIssuerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * OIDC bearer tokens beside the static tokens and the page's session (README, Access): a JWT of the configured
 * issuer, verified against the JWKS a real local issuer serves ({@link TestIssuer}), passes when its role claim holds
 * a role that {@code sparkvar.access.oidc.user-roles} maps to {@code user}, is refused with 403 without one, and with
 * 401 when expired, signed by another key, from another issuer or for another audience. A token never gets
 * {@code backend}, whatever its roles are called. Nothing here starts a run: past access, a request finds nothing (404)
 * or fails validation (400).
 */
@QuarkusTest
@TestProfile(OidcTests.WithIssuer.class)
class OidcTests {

    public static class WithIssuer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.client-id", "sparkvar",
                    "quarkus.oidc.token.audience", "sparkvar",
                    "quarkus.oidc.roles.role-claim-path", "realm_access/roles",
                    "sparkvar.access.oidc.user-roles", "sparkvar-user,sparkvar-admin");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TestIssuerResource.class));
        }
    }

    /** Injected by {@link TestIssuerResource}. */
    TestIssuer issuer;

    private Map<String, Object> claims(List<String> realmRoles) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", issuer.url());
        claims.put("sub", "alice");
        claims.put("preferred_username", "alice");
        claims.put("aud", "sparkvar");
        claims.put("iat", now - 60);
        claims.put("exp", now + 600);
        claims.put("realm_access", Map.of("roles", realmRoles));
        return claims;
    }

    private static Response get(String path, String token) {
        return given().header("Authorization", "Bearer " + token).get(path);
    }

    private static void assertProblem(Response response, int status, String what) {
        assertThat(what, response.statusCode(), is(status));
        assertThat(what, response.contentType(), startsWith("application/problem+json"));
        assertThat(what, response.jsonPath().getInt("status"), is(status));
        if (status == 401) {
            assertThat(what, response.header("WWW-Authenticate"), startsWith("Bearer"));
        }
    }

    @Test
    void aSignedTokenWithTheRolePasses() {
        String token = issuer.sign(claims(List.of("offline_access", "sparkvar-user")));
        get("/runs", token).then().statusCode(200);
        get("/status", token).then().statusCode(200);
        given().header("Authorization", "Bearer " + token).delete("/runs/run-does-not-exist").then().statusCode(404);
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"simulations\": 0}").post("/runs").then().statusCode(400);
        // any one of the configured roles will do
        get("/runs", issuer.sign(claims(List.of("sparkvar-admin")))).then().statusCode(200);
    }

    @Test
    void aSignedTokenWithoutTheRoleIsForbidden() {
        for (List<String> roles : List.of(List.<String>of(), List.of("offline_access"), List.of("user"))) {
            String token = issuer.sign(claims(roles));
            assertProblem(get("/runs", token), 403, "GET /runs, roles " + roles);
            assertProblem(given().header("Authorization", "Bearer " + token).delete("/runs/run-does-not-exist"),
                    403, "DELETE /runs/x, roles " + roles);
        }
        // the role claim is the configured one: the same name elsewhere in the token counts for nothing
        Map<String, Object> groups = claims(List.of());
        groups.put("groups", List.of("sparkvar-user"));
        assertProblem(get("/runs", issuer.sign(groups)), 403, "the role in 'groups' instead of realm_access/roles");
    }

    @Test
    void aTokenNeverGetsTheBackendRole() {
        String both = issuer.sign(claims(List.of("sparkvar-user", "backend")));
        get("/runs", both).then().statusCode(200);
        assertProblem(get("/oshinko/clusters", both), 403, "/oshinko with a token whose realm has 'backend'");
        assertProblem(get("/oshinko/clusters", issuer.sign(claims(List.of("backend")))), 403, "'backend' alone");
    }

    @Test
    void expiredWronglySignedOrForeignTokensAreUnauthorized() {
        Map<String, Object> expired = claims(List.of("sparkvar-user"));
        long now = Instant.now().getEpochSecond();
        expired.put("iat", now - 3600);
        expired.put("exp", now - 600);
        assertProblem(get("/runs", issuer.sign(expired)), 401, "expired");

        String otherKey = TestIssuer.sign(claims(List.of("sparkvar-user")), TestIssuer.rsa().getPrivate(),
                TestIssuer.KEY_ID);
        assertProblem(get("/runs", otherKey), 401, "signed by another key under the issuer's key id");

        Map<String, Object> foreign = claims(List.of("sparkvar-user"));
        foreign.put("iss", "http://127.0.0.1:1/realms/elsewhere");
        assertProblem(get("/runs", issuer.sign(foreign)), 401, "another issuer");

        Map<String, Object> audience = claims(List.of("sparkvar-user"));
        audience.put("aud", "another-service");
        assertProblem(get("/runs", issuer.sign(audience)), 401, "another audience");

        String valid = issuer.sign(claims(List.of("sparkvar-user")));
        String tampered = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA";
        assertProblem(get("/runs", tampered), 401, "a broken signature");
        assertProblem(get("/runs", "not.a.jwt"), 401, "three dotted parts that are no JWT");
    }

    @Test
    void theJobsCallbacksKeepTheirOwnTokenCheck() {
        // a run's token is no OIDC token: JobCallbackAuth answers (403, not this run's), quarkus-oidc never sees it
        given().header("Authorization", "Bearer " + "r".repeat(43)).contentType(ContentType.JSON).body("{}")
                .post("/internal/runs/run-does-not-exist/progress").then().statusCode(403);
        given().header("Authorization", "Bearer " + issuer.sign(claims(List.of("sparkvar-user"))))
                .contentType(ContentType.JSON).body("{}").post("/internal/runs/run-does-not-exist/progress")
                .then().statusCode(403);
        given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON).body("{}")
                .post("/internal/runs/run-does-not-exist/progress").then().statusCode(401);
    }

    @Test
    void theStaticTokensAndTheSessionStillWork() {
        get("/runs", TestAccess.TOKEN).then().statusCode(200);
        get("/oshinko/clusters", TestAccess.BACKEND_TOKEN).then().statusCode(200);
        assertProblem(get("/runs", "not-the-token"), 401, "a wrong static token");
        assertProblem(given().header(TestAccess.ANONYMOUS, "yes").get("/runs"), 401, "no credential");

        Response signIn = given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON)
                .body("{\"token\": \"" + TestAccess.TOKEN + "\"}").post("/auth/session");
        assertThat(signIn.statusCode(), is(204));
        String session = signIn.cookie(Sessions.COOKIE);
        given().cookie(Sessions.COOKIE, session).get("/runs").then().statusCode(200);
        given().cookie(Sessions.COOKIE, session).delete("/auth/session").then().statusCode(204);
        // a JWT does not open a session: signing in takes the service's own tokens only
        given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON)
                .body("{\"token\": \"" + issuer.sign(claims(List.of("sparkvar-user"))) + "\"}").post("/auth/session")
                .then().statusCode(401);
    }
}
