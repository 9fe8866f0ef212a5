package dev.sparkvar.local;

import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.oshinko.OshinkoAddresses;
import dev.sparkvar.oshinko.ClusterConfig;
import dev.sparkvar.oshinko.ClusterModel;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.oshinko.NewCluster;
import dev.sparkvar.oshinko.OshinkoClient;
import dev.sparkvar.oshinko.Pod;
import dev.sparkvar.oshinko.SingleCluster;
import dev.sparkvar.metrics.GraphiteClient;
import dev.sparkvar.cluster.WorkerCount;
import dev.sparkvar.metrics.WorkerRegistration;
import dev.sparkvar.cds.ClassArchives;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.ownership.Folders;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.Owned;
import dev.sparkvar.spark.SparkInstall;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local backend end to end with real Spark Master and Worker JVMs, through the oshinko client over HTTP. */
@QuarkusTest
class LocalClusterTests {

    private static final Duration START = Duration.ofSeconds(90);

    @Inject
    OshinkoClient oshinko;
    @Inject
    Clusters clusters;
    @Inject
    LocalClusters local;
    @Inject
    OshinkoAddresses addresses;
    @Inject
    GraphiteClient graphite;

    @Inject
    SparkInstall spark;
    @Inject
    LocalConfig config;
    @Inject
    Ledger ledger;
    @Inject
    ClassArchives archives;

    private final Set<Long> seenPids = new LinkedHashSet<>();

    @AfterEach
    void nothingLeft() {
        local.stopEverything();
        for (long pid : seenPids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still alive");
        }
    }

    /**
     * A master port is probed free, released, then bound by the master: another process's bind to port 0 can take it in
     * between (seen in the suite: a run failed with the master's {@code BindException}). The port held here plays
     * that process; the master exits on it and is started again on fresh ports, with one ledger entry left.
     */
    @Test
    void aMasterWhosePortWasTakenStartsAgainOnFreshPorts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicInteger probes = new AtomicInteger();
            SparkDaemons daemons = new SparkDaemons(spark, config, ledger, archives, count -> probes.getAndIncrement() == 0
                    ? new int[] {taken.getLocalPort(), SparkDaemons.freePorts(1)[0]} : SparkDaemons.freePorts(count));
            Path dir = daemons.clusterDir("port-taken");
            SparkDaemons.createDirectories(dir);
            LocalCluster cluster = new LocalCluster("port-taken", dir, null, Map.of(), SparkSecret.random());
            try {
                daemons.startMaster(cluster, Map.of());
                seenPids.add(cluster.master.pid());
                assertEquals(2, probes.get(), "probed again after the first master exited");
                assertTrue(Files.readString(dir.resolve("master.log")).contains("java.net.BindException"),
                        "the first master met the taken port");
                assertNotEquals(taken.getLocalPort(), cluster.masterPort);
                assertTrue(cluster.master.alive(), "the second master runs");
                given().get(cluster.masterWebUrl() + "/json/").then().statusCode(200);
                assertEquals(List.of(cluster.master.pid()), ledger.entries().stream()
                        .filter(o -> o.group().equals("port-taken")).map(Owned::pid).toList(),
                        "the exited master left the ledger");
            } finally {
                if (cluster.master != null) {
                    cluster.master.stop(Duration.ofSeconds(10));
                }
                Folders.delete(dir);
            }
        }
    }

    @Test
    void createWatchScaleDeleteWithRealSparkProcesses() {
        assertEquals("local", addresses.backend(), "no oshinko configured: the embedded backend answers");
        String name = "it-cluster";
        ClusterConfig config = new ClusterConfig("clusterconfig", null, 2, null, null, null, null, null, null, null);

        SingleCluster created = oshinko.create(new NewCluster(name, config)).await().atMost(START);
        ClusterModel cluster = created.cluster();
        assertEquals(name, cluster.name());
        assertEquals(2, cluster.config().workerCount(), "request's workerCount wins over the named config");
        assertEquals("true", cluster.config().metrics().enable(), "from the clusterconfig named config");
        assertEquals("true", cluster.config().scorpionstare().enable());
        assertEquals(4, cluster.config().maxWorkers());
        assertEquals("Running", cluster.status());
        assertTrue(cluster.masterUrl().matches("spark://127\\.0\\.0\\.1:\\d+"), cluster.masterUrl());
        assertTrue(cluster.masterWebUrl().matches("http://127\\.0\\.0\\.1:\\d+"), cluster.masterWebUrl());
        seenPids.addAll(local.pids(name));
        assertEquals(3, seenPids.size(), "one master and two workers: " + seenPids);

        List<WorkerCount> counts = clusters.awaitWorkers(name, 2).collect().asList().await().atMost(START);
        WorkerCount last = counts.get(counts.size() - 1);
        assertEquals(2, last.alive(), "the stream ends at 2/2 from the master's real aliveWorkers gauge: " + counts);
        assertEquals(2, last.desired());
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i).alive() != counts.get(i - 1).alive(), "only changes are emitted: " + counts);
        }
        HostAndPort carbon = addresses.carbon(name);
        assertEquals("127.0.0.1", carbon.host());

        SingleCluster scaled = oshinko.scale(name, 3).await().atMost(START);
        assertEquals(3, scaled.cluster().config().workerCount());
        List<WorkerCount> afterScale = clusters.awaitWorkers(name, 3).collect().asList().await().atMost(START);
        assertEquals(3, afterScale.get(afterScale.size() - 1).alive(), afterScale.toString());
        seenPids.addAll(local.pids(name));
        assertEquals(4, local.pids(name).size());

        ClusterModel got = oshinko.get(name).await().atMost(START).cluster();
        assertEquals(3, got.config().workerCount());
        assertEquals(List.of("master", "worker", "worker", "worker"), got.pods().stream().map(Pod::type).toList());
        assertTrue(got.pods().stream().allMatch(p -> p.status().equals("Running") && p.ip().equals("127.0.0.1")));
        assertTrue(oshinko.list().await().atMost(START).clusters().stream()
                .anyMatch(s -> s.name().equals(name) && s.workerCount() == 3 && s.href().equals("/clusters/" + name)));

        List<Long> beforeScaleDown = local.pids(name);
        assertEquals(1, oshinko.scale(name, 1).await().atMost(START).cluster().config().workerCount());
        List<Long> afterScaleDown = local.pids(name);
        assertEquals(2, afterScaleDown.size(), "master and the first worker remain: " + afterScaleDown);
        assertEquals(beforeScaleDown.subList(0, 2), afterScaleDown, "the newest workers are stopped first");
        for (long pid : beforeScaleDown.subList(2, 4)) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "scaled-down pid " + pid + " alive");
        }
        await().atMost(START).untilAsserted(() -> assertEquals(java.util.Optional.of(1.0),
                graphite.latest(clusters.metricsUrl(name), WorkerRegistration.ALIVE_WORKERS).await().atMost(START)));

        oshinko.delete(name).await().atMost(START);
        for (long pid : seenPids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " survived delete");
        }
        assertThrows(ClusterNotFoundException.class, () -> oshinko.get(name).await().atMost(START));
        oshinko.delete(name).await().atMost(START); // 404 = already gone = success
        assertTrue(local.pids(name).isEmpty());
    }

    @Test
    void createOverHttpAnswers201WithLocationAndOshinkoShape() {
        String name = "it-http";
        given().contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"config\":{\"name\":\"clusterconfig\"}}")
                .when().post("/oshinko/clusters")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.equalTo("/clusters/" + name))
                .body("cluster.name", org.hamcrest.Matchers.equalTo(name))
                .body("cluster.config.workerCount", org.hamcrest.Matchers.equalTo(1))
                .body("cluster.config.metrics.enable", org.hamcrest.Matchers.equalTo("true"))
                .body("cluster.masterUrl", org.hamcrest.Matchers.startsWith("spark://127.0.0.1:"));
        seenPids.addAll(local.pids(name));
        given().contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"config\":{\"name\":\"clusterconfig\"}}")
                .when().post("/oshinko/clusters")
                .then().statusCode(409)
                .body("errors[0].title", org.hamcrest.Matchers.equalTo("cannot create cluster"))
                .body("errors[0].details", org.hamcrest.Matchers.equalTo("cluster '" + name + "' already exists"));
        given().when().delete("/oshinko/clusters/" + name).then().statusCode(204);
        given().when().delete("/oshinko/clusters/" + name).then().statusCode(404)
                .body("errors[0].title", org.hamcrest.Matchers.equalTo("cluster deletion failed"));
    }

    @Test
    void stoppingTheServiceStopsEveryCluster() {
        String name = "it-shutdown";
        // no named config: metrics off, one worker
        ClusterModel cluster = oshinko.create(new NewCluster(name, null)).await().atMost(START).cluster();
        assertEquals(1, cluster.config().workerCount());
        assertFalse(cluster.config().metricsEnabled());
        List<Long> pids = local.pids(name);
        seenPids.addAll(pids);
        assertEquals(2, pids.size(), "master and one worker: " + pids);
        assertThrows(ClusterNotFoundException.class, () -> addresses.carbon(name), "metrics off: no carbon receiver");

        local.onStop(null); // what Quarkus' ShutdownEvent does

        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " outlived the service");
        }
        assertTrue(oshinko.list().await().atMost(START).clusters().isEmpty());
    }
}
