package dev.sparkvar.access;

import dev.sparkvar.testing.TestAccess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service without configured tokens (the embedded default as {@code ./demo.sh} starts it): it creates a random
 * token in its token file, readable by its owner only, logs where it is and never what it is; and with
 * {@code anonymous-read=true} reading needs no credential while changing still does.
 */
@QuarkusTest
@TestProfile(AccessTokenFileTests.FileToken.class)
class AccessTokenFileTests {

    /** A fresh folder per test JVM, so that the service really creates the file at its start. */
    static final Path DIR = Path.of("target", "access-token-test-" + ProcessHandle.current().pid()).toAbsolutePath();
    static final Path TOKEN_FILE = DIR.resolve("access-token");
    static final Path LOG = DIR.resolve("service.log");

    public static class FileToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkvar.access.tokens", "", // none: the token file is used
                    "sparkvar.access.token-file", TOKEN_FILE.toString(),
                    "sparkvar.access.anonymous-read", "true",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString());
        }
    }

    private static String token() throws Exception {
        return Files.readString(TOKEN_FILE).trim();
    }

    @Test
    void theTokenFileIsCreatedForItsOwnerOnly() throws Exception {
        assertTrue(Files.isRegularFile(TOKEN_FILE), TOKEN_FILE + " created at start");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(TOKEN_FILE)));
        String token = token();
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "a 256-bit token, URL-safe Base64: " + token.length() + " chars");
    }

    @Test
    void theLogSaysWhereTheTokenIsNeverWhat() throws Exception {
        String token = token();
        // sign in and fail once, so that every path that handles the token has run before the log is read
        given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON).body("{\"token\":\"" + token + "\"}")
                .post("/auth/session").then().statusCode(204);
        given().header(TestAccess.ANONYMOUS, "yes").header("Authorization", "Bearer " + token + "x")
                .get("/runs").then().statusCode(401);
        String log = Files.readString(LOG);
        assertTrue(log.contains(TOKEN_FILE.toString()), "the log names the file:\n" + log);
        assertFalse(log.contains(token), "the token itself is in the log");
        assertFalse(log.contains(token.substring(0, 12)), "a part of the token is in the log");
    }

    @Test
    void theFileTokenIsTheCredentialAndNoOther() throws Exception {
        String body = "{\"simulations\": 0}";
        // the test token of the other classes is no credential here
        given().contentType(ContentType.JSON).body(body).post("/runs").then().statusCode(401);
        given().header("Authorization", "Bearer " + token()).contentType(ContentType.JSON).body(body)
                .post("/runs").then().statusCode(400);
    }

    @Test
    void anonymousReadOpensReadingOnly() {
        given().header(TestAccess.ANONYMOUS, "yes").get("/runs").then().statusCode(200);
        given().header(TestAccess.ANONYMOUS, "yes").get("/datasets").then().statusCode(200);
        given().header(TestAccess.ANONYMOUS, "yes").get("/runs/run-does-not-exist").then().statusCode(404);
        given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON).body("{\"simulations\": 0}")
                .post("/runs").then().statusCode(401);
        given().header(TestAccess.ANONYMOUS, "yes").delete("/runs/run-does-not-exist").then().statusCode(401);
        given().header(TestAccess.ANONYMOUS, "yes").contentType(ContentType.JSON).body("{\"name\":\"c\"}")
                .post("/oshinko/clusters").then().statusCode(401);
    }
}
