package dev.sparkvar.oshinko;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.sparkvar.cluster.ClusterConflictException;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.OshinkoException;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oshinko client against replayed oshinko ([F]) replies: codes, bodies, error shapes, retries. */
@QuarkusTest
@WithTestResource(OshinkoWireMockResource.class)
class OshinkoClientTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String JSON = "application/json";

    /** [F]'s create reply: merged config (workerCount from the ConfigMap), no pods yet, Service addresses. */
    private static final String CREATED = """
            {"cluster":{"name":"sally","status":"Running","masterUrl":"spark://sally:7077",
             "masterWebUrl":"http://sally-ui:8080",
             "config":{"name":"clusterconfig","masterCount":1,"workerCount":2,"sparkMasterConfig":"masterconfig",
              "sparkWorkerConfig":"workerconfig","sparkImage":"willb/var-spark-worker",
              "metrics":{"enable":"true","carbon":"docker.io/tmckay/carbon","graphite":"docker.io/tmckay/graphite"},
              "scorpionstare":{"enable":"true","image":"docker.io/tmckay/scorpionstare"}},
             "pods":[]}}""";

    @InjectWireMock
    WireMockServer oshinko;

    @Inject
    OshinkoClient client;

    @Inject
    OshinkoAddresses addresses;

    @BeforeEach
    void reset() {
        oshinko.resetAll();
    }

    @Test
    void configuredServerIsNotLocal() {
        assertInstanceOf(ServiceAddresses.class, addresses);
        assertEquals("http://127.0.0.1:" + oshinko.port(), client.baseUri().toString());
    }

    @Test
    void infoReadsTheApplication() {
        oshinko.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                .withBody("{\"application\":{\"name\":\"oshinko-rest-server\",\"version\":\"0.1.0\"}}")));
        ServerInfo info = client.info().await().atMost(WAIT);
        assertEquals("oshinko-rest-server", info.application().name());
        assertEquals("0.1.0", info.application().version());
    }

    @Test
    void createSendsTheNotebooksBodyAndReadsThe201() {
        oshinko.stubFor(post(urlEqualTo("/clusters"))
                .withRequestBody(equalToJson("{\"name\":\"sally\",\"config\":{\"name\":\"clusterconfig\"}}"))
                .willReturn(aResponse().withStatus(201).withHeader("Location", "/clusters/sally")
                        .withHeader("Content-Type", JSON).withBody(CREATED)));
        ClusterModel cluster = client.create(NewCluster.fromNamedConfig("sally", "clusterconfig")).await().atMost(WAIT).cluster();
        assertEquals("sally", cluster.name());
        assertEquals(2, cluster.desiredWorkers(), "config.workerCount is the merged count from the ConfigMap");
        assertEquals("spark://sally:7077", cluster.masterUrl());
        assertTrue(cluster.config().metricsEnabled());
        assertTrue(cluster.config().scorpionStareEnabled());
        assertTrue(cluster.pods().isEmpty());
    }

    @Test
    void createConflictKeepsTheServersWordsAndIsNeverRetried() {
        oshinko.stubFor(post(urlEqualTo("/clusters")).willReturn(aResponse().withStatus(409).withHeader("Content-Type", JSON)
                .withBody("{\"errors\":[{\"status\":409,\"title\":\"cannot create cluster\","
                        + "\"details\":\"invalid cluster configuration, error: named config 'nope' does not exist\"}]}")));
        ClusterConflictException e = assertThrows(ClusterConflictException.class,
                () -> client.create(NewCluster.fromNamedConfig("sally", "nope")).await().atMost(WAIT));
        assertEquals(409, e.status());
        assertEquals("cannot create cluster", e.title());
        assertEquals("invalid cluster configuration, error: named config 'nope' does not exist", e.details());
        oshinko.verify(1, postRequestedFor(urlEqualTo("/clusters")));
    }

    @Test
    void createServerErrorIsNotRetriedEither() {
        oshinko.stubFor(post(urlEqualTo("/clusters")).willReturn(aResponse().withStatus(500).withHeader("Content-Type", JSON)
                .withBody("{\"errors\":[{\"status\":500,\"title\":\"cannot create cluster\",\"details\":\"boom\"}]}")));
        OshinkoException e = assertThrows(OshinkoException.class,
                () -> client.create(NewCluster.fromNamedConfig("sally", "clusterconfig")).await().atMost(WAIT));
        assertEquals(500, e.status());
        assertEquals("boom", e.details());
        oshinko.verify(1, postRequestedFor(urlEqualTo("/clusters")));
    }

    @Test
    void createAnswering200InsteadOf201IsAClearError() {
        oshinko.stubFor(post(urlEqualTo("/clusters")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>login</html>")));
        OshinkoException e = assertThrows(OshinkoException.class,
                () -> client.create(NewCluster.fromNamedConfig("sally", "clusterconfig")).await().atMost(WAIT));
        assertEquals(502, e.status());
        assertTrue(e.details().startsWith("POST /clusters answered 200 with text/html, not oshinko's JSON"), e.details());
        assertTrue(e.details().contains("<html>login</html>"), e.details());
    }

    @Test
    void getUnknownClusterIs404() {
        oshinko.stubFor(get(urlEqualTo("/clusters/ghost")).willReturn(aResponse().withStatus(404).withHeader("Content-Type", JSON)
                .withBody("{\"errors\":[{\"status\":404,\"title\":\"cannot get cluster\",\"details\":\"no such cluster\"}]}")));
        ClusterNotFoundException e = assertThrows(ClusterNotFoundException.class,
                () -> client.get("ghost").await().atMost(WAIT));
        assertEquals("cannot get cluster", e.title());
        assertEquals("no such cluster", e.details());
        oshinko.verify(1, getRequestedFor(urlEqualTo("/clusters/ghost")));
    }

    @Test
    void malformedGetReplyIsAClearErrorNotAJacksonOne() {
        oshinko.stubFor(get(urlEqualTo("/clusters/sally")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", JSON).withBody("{\"cluster\": [1, 2")));
        OshinkoException e = assertThrows(OshinkoException.class, () -> client.get("sally").await().atMost(WAIT));
        assertEquals(502, e.status());
        assertEquals("unexpected reply from oshinko", e.title());
        assertTrue(e.details().startsWith("GET /clusters/sally answered a body that is not SingleCluster JSON"), e.details());
        oshinko.verify(1, getRequestedFor(urlEqualTo("/clusters/sally")));
    }

    @Test
    void replyWithoutClusterNameIsRejected() {
        oshinko.stubFor(get(urlEqualTo("/clusters/sally")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", JSON).withBody("{\"something\":\"else\"}")));
        OshinkoException e = assertThrows(OshinkoException.class, () -> client.get("sally").await().atMost(WAIT));
        assertTrue(e.details().contains("without cluster.name"), e.details());
    }

    @Test
    void errorWithoutOshinkosShapeKeepsStatusAndBody() {
        oshinko.stubFor(get(urlEqualTo("/clusters")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "text/plain").withBody("forbidden by proxy")));
        OshinkoException e = assertThrows(OshinkoException.class, () -> client.list().await().atMost(WAIT));
        assertEquals(403, e.status());
        assertTrue(e.details().contains("forbidden by proxy"), e.details());
    }

    @Test
    void getIsRetriedAfterA503() {
        oshinko.stubFor(get(urlEqualTo("/clusters/sally")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("busy")).willSetStateTo("up"));
        oshinko.stubFor(get(urlEqualTo("/clusters/sally")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(CREATED)));
        assertEquals("sally", client.get("sally").await().atMost(WAIT).cluster().name());
        oshinko.verify(2, getRequestedFor(urlEqualTo("/clusters/sally")));
    }

    @Test
    void connectionResetIsRetriedThenReportedAsUnreachable() {
        oshinko.stubFor(get(urlEqualTo("/clusters")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        OshinkoException e = assertThrows(OshinkoException.class, () -> client.list().await().atMost(WAIT));
        assertEquals(503, e.status());
        assertEquals("oshinko server unreachable", e.title());
        oshinko.verify(4, getRequestedFor(urlEqualTo("/clusters")));
    }

    @Test
    void hungCreateTimesOutWithinItsLimitAndIsNeverRetried() {
        oshinko.stubFor(post(urlEqualTo("/clusters")).willReturn(aResponse().withStatus(201).withFixedDelay(15_000)
                .withHeader("Content-Type", JSON).withBody(CREATED)));
        long start = System.nanoTime();
        OshinkoException e = assertThrows(OshinkoException.class,
                () -> client.create(NewCluster.fromNamedConfig("sally", "clusterconfig")).await().atMost(WAIT));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(504, e.status(), e.toString());
        assertEquals("oshinko server too slow", e.title());
        // change-timeout is 5s here; the reply would take 15s
        assertTrue(took.compareTo(Duration.ofSeconds(4)) >= 0 && took.compareTo(Duration.ofSeconds(10)) < 0, took.toString());
        oshinko.verify(1, postRequestedFor(urlEqualTo("/clusters")));
    }

    @Test
    void hungGetTimesOutAndTheRetryGetsTheAnswer() {
        oshinko.stubFor(get(urlEqualTo("/clusters/sally")).inScenario("hung").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(15_000).withHeader("Content-Type", JSON)
                        .withBody(CREATED)).willSetStateTo("up"));
        oshinko.stubFor(get(urlEqualTo("/clusters/sally")).inScenario("hung").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(CREATED)));
        long start = System.nanoTime();
        assertEquals("sally", client.get("sally").await().atMost(WAIT).cluster().name());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // the first attempt is cut at the 5s limit, not left to its 15s
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, took.toString());
        oshinko.verify(2, getRequestedFor(urlEqualTo("/clusters/sally")));
    }

    @Test
    void scaleIsRetriedAfterA503() {
        oshinko.stubFor(put(urlEqualTo("/clusters/sally")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("busy")).willSetStateTo("up"));
        oshinko.stubFor(put(urlEqualTo("/clusters/sally")).inScenario("busy").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", JSON).withBody(CREATED)));
        assertEquals(2, client.scale("sally", 2).await().atMost(WAIT).cluster().desiredWorkers());
        oshinko.verify(2, putRequestedFor(urlEqualTo("/clusters/sally")));
    }

    @Test
    void aClientErrorIsNotRetried() {
        oshinko.stubFor(put(urlEqualTo("/clusters/sally")).willReturn(aResponse().withStatus(409).withHeader("Content-Type", JSON)
                .withBody("{\"errors\":[{\"status\":409,\"title\":\"cannot update cluster\",\"details\":\"changing the name\"}]}")));
        assertThrows(ClusterConflictException.class, () -> client.scale("sally", 2).await().atMost(WAIT));
        oshinko.verify(1, putRequestedFor(urlEqualTo("/clusters/sally")));
    }

    @Test
    void scaleSendsOshinkosPutBodyAndAccepts202() {
        oshinko.stubFor(put(urlEqualTo("/clusters/sally"))
                .withRequestBody(equalToJson("{\"name\":\"sally\",\"config\":{\"workerCount\":3}}"))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", JSON)
                        .withBody("{\"cluster\":{\"name\":\"sally\",\"status\":\"\",\"masterUrl\":\"\",\"masterWebUrl\":\"\","
                                + "\"config\":{\"workerCount\":3},\"pods\":[]}}")));
        ClusterModel cluster = client.scale("sally", 3).await().atMost(WAIT).cluster();
        assertEquals(3, cluster.desiredWorkers());
        oshinko.verify(1, putRequestedFor(urlEqualTo("/clusters/sally")));
    }

    @Test
    void deleteAccepts204And404() {
        oshinko.stubFor(delete(urlEqualTo("/clusters/sally")).willReturn(aResponse().withStatus(204)));
        oshinko.stubFor(delete(urlEqualTo("/clusters/gone")).willReturn(aResponse().withStatus(404).withHeader("Content-Type", JSON)
                .withBody("{\"errors\":[{\"status\":404,\"title\":\"cluster deletion failed\",\"details\":\"no such cluster\"}]}")));
        client.delete("sally").await().atMost(WAIT);
        client.delete("gone").await().atMost(WAIT);
        oshinko.verify(1, deleteRequestedFor(urlEqualTo("/clusters/sally")));
        oshinko.verify(1, deleteRequestedFor(urlEqualTo("/clusters/gone")));
    }

    @Test
    void incompleteDeletionIsRetriedThenReportedWithTheServersWords() {
        oshinko.stubFor(delete(urlEqualTo("/clusters/sally")).willReturn(aResponse().withStatus(500).withHeader("Content-Type", JSON)
                .withBody("{\"errors\":[{\"status\":500,\"title\":\"cluster deletion failed\","
                        + "\"details\":\"deletion may be incomplete: replicationcontrollers \\\"sally-w-1\\\" not found\"}]}")));
        OshinkoException e = assertThrows(OshinkoException.class, () -> client.delete("sally").await().atMost(WAIT));
        assertInstanceOf(OshinkoException.class, e);
        assertEquals(500, e.status());
        assertEquals("cluster deletion failed", e.title());
        assertTrue(e.details().startsWith("deletion may be incomplete: "), e.details());
        oshinko.verify(4, deleteRequestedFor(urlEqualTo("/clusters/sally")));
    }

    @Test
    void listReadsSummaries() {
        oshinko.stubFor(get(urlEqualTo("/clusters")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                .withBody("{\"clusters\":[{\"name\":\"sally\",\"href\":\"/clusters/sally\",\"status\":\"Running\","
                        + "\"workerCount\":2,\"masterUrl\":\"spark://sally:7077\",\"masterWebUrl\":\"http://sally-ui:8080\"}]}")));
        ClusterList list = client.list().await().atMost(WAIT);
        assertEquals(1, list.clusters().size());
        assertEquals(2, list.clusters().get(0).workerCount());
    }

    @Test
    void newerOshinkoRepliesAreReadToo() {
        // [C] (oshinko-cli rest): metrics is a string, extra fields exposeWebUI and masterWebRoute
        oshinko.stubFor(get(urlEqualTo("/clusters/sally")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                .withBody("{\"cluster\":{\"name\":\"sally\",\"status\":\"Running\",\"masterUrl\":\"spark://sally:7077\","
                        + "\"masterWebUrl\":\"http://sally-ui:8080\",\"masterWebRoute\":\"sally-ui-route.example\","
                        + "\"config\":{\"masterCount\":1,\"workerCount\":3,\"exposeWebUI\":\"true\",\"metrics\":\"true\"},"
                        + "\"pods\":[{\"ip\":\"10.0.0.5\",\"type\":\"master\",\"status\":\"Running\"}]}}")));
        ClusterModel cluster = client.get("sally").await().atMost(WAIT).cluster();
        assertEquals(3, cluster.desiredWorkers());
        assertTrue(cluster.config().metricsEnabled());
        assertEquals(new Pod("10.0.0.5", "master", "Running"), cluster.pods().get(0));
    }

    @Test
    void localBackendIsOffWhenOshinkoIsConfigured() {
        io.restassured.RestAssured.given().contentType(JSON).body("{\"name\":\"sally\",\"config\":{}}")
                .when().post("/oshinko/clusters")
                .then().statusCode(404)
                .body("errors[0].details", org.hamcrest.Matchers.startsWith("the local backend is off"));
    }
}
