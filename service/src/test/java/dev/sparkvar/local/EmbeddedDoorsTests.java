package dev.sparkvar.local;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded backend's doors ({@code /oshinko}, {@code /local-graphite}) admit loopback peers only
 * ({@link LoopbackFilter}): the decision with remote addresses directly, and one real request through 127.0.0.1
 * showing the filter lets this machine in. A real other host (a network namespace) is in
 * {@code access/OtherHostTests}.
 */
@QuarkusTest
class EmbeddedDoorsTests {

    @Test
    void remotePeersAreRefusedAtBothDoors() {
        for (String remote : new String[] {"10.1.2.3", "192.168.0.7", "2001:db8::1", "[2001:db8::1]", "8.8.8.8",
                "::ffff:10.0.0.1", "localhost", "evil.example", "", null}) {
            assertFalse(LoopbackFilter.loopback(remote), "the doors from " + remote);
        }
    }

    @Test
    void loopbackPeersAreAdmitted() {
        for (String local : new String[] {"127.0.0.1", "127.8.9.10", "::1", "[::1]", "0:0:0:0:0:0:0:1",
                "::ffff:127.0.0.1"}) {
            assertTrue(LoopbackFilter.loopback(local), "the doors from " + local);
        }
    }

    @Test
    void thisMachineGetsThroughForReal() {
        given().get("/oshinko/").then().statusCode(200);
        // past the door: the render API itself answers (no such cluster)
        given().get("/local-graphite/cluster-none/metrics/index.json").then().statusCode(404);
    }
}
