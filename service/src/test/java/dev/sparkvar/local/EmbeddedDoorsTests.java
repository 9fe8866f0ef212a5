package dev.sparkvar.local;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded backend's doors ({@code /oshinko}, {@code /local-graphite}) admit loopback peers only. Another host
 * cannot reach a test service bound to 127.0.0.1, so the decision is checked with remote addresses directly, and
 * one real request through 127.0.0.1 shows the filter lets this machine in.
 */
@QuarkusTest
class EmbeddedDoorsTests {

    @Test
    void remotePeersAreRefusedAtBothDoors() {
        for (String remote : new String[] {"10.1.2.3", "192.168.0.7", "2001:db8::1", "[2001:db8::1]", "8.8.8.8",
                "::ffff:10.0.0.1", "localhost", "evil.example", "", null}) {
            assertFalse(EmbeddedDoors.admits("/oshinko/clusters", remote), "/oshinko from " + remote);
            assertFalse(EmbeddedDoors.admits("/oshinko", remote), "/oshinko from " + remote);
            assertFalse(EmbeddedDoors.admits("/local-graphite/cluster-a/render", remote), "graphite from " + remote);
        }
    }

    @Test
    void loopbackPeersAreAdmitted() {
        for (String local : new String[] {"127.0.0.1", "127.8.9.10", "::1", "[::1]", "0:0:0:0:0:0:0:1",
                "::ffff:127.0.0.1"}) {
            assertTrue(EmbeddedDoors.admits("/oshinko/clusters", local), "/oshinko from " + local);
            assertTrue(EmbeddedDoors.admits("/local-graphite/cluster-a/render", local), "graphite from " + local);
        }
    }

    @Test
    void otherPathsAreNotDoors() {
        for (String path : new String[] {"/runs", "/", "/oshinkoX", "/local-graphiteX/a", "/q/health"}) {
            assertTrue(EmbeddedDoors.admits(path, "10.1.2.3"), path);
        }
    }

    @Test
    void thisMachineGetsThroughForReal() {
        given().get("/oshinko/").then().statusCode(200);
        // past the door: the render API itself answers (no such cluster)
        given().get("/local-graphite/cluster-none/metrics/index.json").then().statusCode(404);
    }
}
