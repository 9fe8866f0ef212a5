package dev.sparkvar.access;

import dev.sparkvar.testing.Requirement;
import dev.sparkvar.testing.SystemTest;
import dev.sparkvar.testing.TestAccess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's other-host rows: the service listens on every interface (as the Kubernetes manifest runs the embedded
 * backend), and requests come from another host, a network namespace this test makes itself on a veth pair (the
 * host side {@code 10.213.N.1}, the other host {@code 10.213.N.2}; no other address is ever contacted). The
 * embedded backend's doors refuse it however the path is written and whatever the token; the API answers it as it
 * answers anyone (which shows the namespace really reaches the service). Tokens go to curl through stdin.
 */
@QuarkusTest
@TestProfile(OtherHostTests.ListenEverywhere.class)
@SystemTest(requires = Requirement.OTHER_HOST)
class OtherHostTests {

    /** A /30 per test JVM, so that two builds on one machine do not collide. */
    static final int NET = (int) (ProcessHandle.current().pid() % 200) + 20;
    static final String HOST_SIDE = "10.213." + NET + ".1";
    static final String OTHER_SIDE = "10.213." + NET + ".2";
    static final String NAMESPACE = "sv-other-" + ProcessHandle.current().pid();
    static final String VETH = "sv-o" + (ProcessHandle.current().pid() % 100_000);

    public static class ListenEverywhere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.host", "0.0.0.0", "sparkvar.access.hosts", HOST_SIDE);
        }
    }

    @BeforeAll
    static void makeTheOtherHost() throws Exception {
        run("ip", "netns", "add", NAMESPACE);
        run("ip", "link", "add", VETH + "h", "type", "veth", "peer", "name", VETH + "n");
        run("ip", "link", "set", VETH + "n", "netns", NAMESPACE);
        run("ip", "addr", "add", HOST_SIDE + "/30", "dev", VETH + "h");
        run("ip", "link", "set", VETH + "h", "up");
        run("ip", "netns", "exec", NAMESPACE, "ip", "addr", "add", OTHER_SIDE + "/30", "dev", VETH + "n");
        run("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", VETH + "n", "up");
    }

    @AfterAll
    static void removeIt() throws Exception {
        run("ip", "link", "del", VETH + "h"); // removes its peer too
        run("ip", "netns", "del", NAMESPACE);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("no answer within 20 s: " + String.join(" ", command));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + out);
        }
        return out;
    }

    /** The status of a request sent from the other host, the token (if any) through curl's stdin. */
    private static int fromOtherHost(String method, String path, String token, String body) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", NAMESPACE, "curl", "-s", "-o",
                "/dev/null", "-w", "%{http_code}", "--path-as-is", "--max-time", "10", "-X", method, "-H", "@-"));
        if (body != null) {
            command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", body));
        }
        command.add("http://" + HOST_SIDE + ":" + RestAssured.port + path);
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        curl.getOutputStream().write(token == null ? new byte[0]
                : ("Authorization: Bearer " + token + "\n").getBytes(StandardCharsets.UTF_8));
        curl.getOutputStream().close();
        if (!curl.waitFor(20, TimeUnit.SECONDS)) {
            curl.destroyForcibly();
            throw new IllegalStateException("curl from the other host gave no answer within 20 s: " + path);
        }
        return Integer.parseInt(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    @Test
    void theBackendsDoorsRefuseAnotherHostHoweverTheyAreWritten() throws Exception {
        String backend = TestAccess.BACKEND_TOKEN;
        List<String> rows = new ArrayList<>();
        for (String path : List.of("/oshinko/", "/oshinko/clusters", "/oshinko;x/clusters", "/oshinko%3Bx/clusters",
                "/oshinko/clusters/", "//oshinko/clusters", "/x/../oshinko/clusters", "/local-graphite/c/metrics/index.json",
                "/local-graphite;x/c/metrics/index.json", "/local-graphite/c/render?target=master.aliveWorkers")) {
            for (String token : new String[] {null, backend, TestAccess.TOKEN}) {
                int status = fromOtherHost("GET", path, token, null);
                rows.add(status + " GET " + path);
                assertTrue(status == 400 || status == 401 || status == 403,
                        "GET " + path + (token == backend ? " (backend token)" : "") + " from another host: " + status);
            }
        }
        // the attack: a token and a matrix parameter created a cluster from another host
        for (String path : List.of("/oshinko/clusters", "/oshinko;x/clusters", "/oshinko%3bx/clusters")) {
            int status = fromOtherHost("POST", path, backend, "{\"name\": \"cluster-otherhost\"}");
            assertTrue(status == 400 || status == 403, "POST " + path + " from another host: " + status);
        }
        assertEquals(403, fromOtherHost("POST", "/oshinko/clusters", backend, "{\"name\": \"cluster-otherhost\"}"),
                "the loopback rule itself, past the role check");
        given().get("/oshinko/clusters").then().statusCode(200).body("clusters.name", not(hasItem("cluster-otherhost")));
        System.out.println("[sparkvar] other-host rows: " + (rows.size() + 4) + ", all refused");
    }

    @Test
    void theApiAnswersAnotherHostLikeAnyone() throws Exception {
        // proof that the namespace reaches this service at all: the API with a token, 401 without, the page open
        assertEquals(200, fromOtherHost("GET", "/runs", TestAccess.TOKEN, null));
        assertEquals(401, fromOtherHost("GET", "/runs", null, null));
        assertEquals(400, fromOtherHost("GET", "/runs;x", null, null));
        assertEquals(200, fromOtherHost("GET", "/", null, null));
        assertEquals(403, fromOtherHost("GET", "/runs", TestAccess.BACKEND_TOKEN, null),
                "the backend role is refused on the API");
    }
}
