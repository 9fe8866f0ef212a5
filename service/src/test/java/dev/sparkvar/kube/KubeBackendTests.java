package dev.sparkvar.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.testing.Management;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service booted with {@code sparkvar.kube.enabled=true} against fabric8's API server mock, with the
 * {@link Kubelet} harness running real Spark JVMs for the pods of what the adapter makes: the wiring picks the
 * Kubernetes adapter for the cluster port (behind the metrics decorator), readiness names it, a cluster made
 * through the port runs and scales with real workers, and the start-up sweep deletes the cluster an earlier life
 * left, after which the harness's garbage collector leaves none of its objects or processes.
 */
@QuarkusTest
@TestProfile(KubeBackendTests.NativeBackend.class)
class KubeBackendTests {

    /**
     * Its own boot: the backend is chosen at start-up. The harness's addresses replace the Service DNS names,
     * which nothing resolves here (shared with {@link KubeletRunTests}: one boot for both).
     */
    public static class NativeBackend implements QuarkusTestProfile {
        /** The pods' workers offer one core (sparkvar.kube.worker-cores): production's 1-core executors fit them. */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkvar.driver.executor-cores", "1");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KubeMockResource.class));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(KubeletAddresses.class);
        }
    }

    static final Duration START = Duration.ofSeconds(90);

    @Inject
    Clusters clusters;
    @Inject
    MeterRegistry registry;

    @Test
    void readinessNamesTheKubernetesBackend() throws Exception {
        JsonNode all = new ObjectMapper().readTree(
                given().get(Management.uri("/q/health/ready")).then().extract().asString());
        JsonNode check = null;
        for (JsonNode c : all.get("checks")) {
            if (c.get("name").asText().equals("cluster-backend")) {
                check = c;
            }
        }
        assertNotNull(check, "no cluster-backend check in " + all);
        assertEquals("UP", check.get("status").asText(), check.toString());
        assertEquals("kubernetes", check.get("data").get("backend").asText());
        assertEquals(KubeMockResource.NAMESPACE, check.get("data").get("namespace").asText());
    }

    @Test
    void theClusterAnEarlierLifeLeftIsSweptAtStartAndNothingOfItIsLeft() {
        Set<Long> pids = KubeMockResource.kubelet.pids(KubeMockResource.LEFT_OVER);
        assertTrue(pids.size() >= 2, "its master and worker ran: " + pids);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                KubeMockResource.client.configMaps().inNamespace(KubeMockResource.NAMESPACE)
                        .withName(KubeMockResource.LEFT_OVER).get() == null);
        // the sweep deleted the anchor only: the garbage collector (the harness) takes what it owned
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertEquals(List.of(), objects(KubeMockResource.LEFT_OVER)));
        assertTrue(KubeMockResource.kubelet.collected().containsAll(List.of(
                "Secret/" + KubeMockResource.LEFT_OVER + "-spark-auth", "Service/" + KubeMockResource.LEFT_OVER,
                "Deployment/" + KubeMockResource.LEFT_OVER + "-m", "Deployment/" + KubeMockResource.LEFT_OVER + "-w")),
                KubeMockResource.kubelet.collected().toString());
        assertAllGone(KubeMockResource.kubelet.pids(KubeMockResource.LEFT_OVER));
    }

    @Test
    void aClusterOfThePortRunsRealWorkersAndScales() throws Exception {
        String name = "cluster-kb01";
        Kubelet kubelet = KubeMockResource.kubelet;
        double before = creates();
        Cluster cluster = clusters.create(name, "clusterconfig", 1).await().atMost(Duration.ofSeconds(30));
        assertEquals(kubelet.address(name).url(), cluster.masterUrl(), "the master where the harness runs it");
        assertEquals(1, KubeMockResource.client.apps().deployments().inNamespace(KubeMockResource.NAMESPACE)
                .withName(name + "-w").get().getSpec().getReplicas());
        assertTrue(clusters.sparkSecret(name).isPresent(), "the driver gets the cluster's secret");
        assertFalse(clusters.scalesClusters(), "our elastic loop scales these clusters");
        assertEquals(1, creates() - before, 0.0, "one create, counted once");
        // the driver's metrics have a receiver in this service (the driver runs here)
        assertEquals("127.0.0.1", clusters.carbon(name).host());
        objects(name).forEach(o -> System.out.println("kube object of " + name + ": " + o));

        // its pods run: the master (its JSON status, through the adapter) counts the worker that registered
        clusters.awaitWorkers(name, 1).collect().last().await().atMost(START);
        List<Long> first = kubelet.running(name, "worker");
        assertEquals(1, first.size(), "one worker pod");
        assertEquals(1, kubelet.running(name, "master").size(), "one master pod");
        // the pods got the Secret's value as the kubelet hands a secretKeyRef over: in the environment only
        String secret = clusters.sparkSecret(name).orElseThrow().value();
        for (long pid : List.of(kubelet.running(name, "master").get(0), first.get(0))) {
            List<String> environ = List.of(Files.readString(Path.of("/proc", String.valueOf(pid), "environ"))
                    .split("\0"));
            assertTrue(environ.contains(SparkSecret.ENVIRONMENT_VARIABLE + "=" + secret),
                    "pod process " + pid + " holds the cluster's secret in its environment");
            assertFalse(Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).contains(secret),
                    "pod process " + pid + " has the secret on its command line");
        }

        // as the elastic loop scales: replicas 2, a second real worker registers with the master
        long t0 = System.nanoTime();
        assertEquals(2, clusters.scale(name, 2).await().atMost(Duration.ofSeconds(30)).desiredWorkers());
        assertEquals(2, clusters.awaitWorkers(name, 2).collect().last().await().atMost(START).alive());
        System.out.printf("kube: scale-up 1 -> 2, second worker registered after %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
        List<Long> two = kubelet.running(name, "worker");
        assertEquals(2, two.size());
        long added = two.stream().filter(pid -> !first.contains(pid)).findFirst().orElseThrow();
        assertEquals(2, aliveWorkers(kubelet.address(name)), "the master's own JSON status");

        // and back: the newest worker's process is stopped, by PID, and the master counts one again
        clusters.scale(name, 1).await().atMost(Duration.ofSeconds(30));
        assertAllGone(Set.of(added));
        assertEquals(first, kubelet.running(name, "worker"), "the first worker stays");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> aliveWorkers(kubelet.address(name)) == 1);

        // delete: the anchor goes at once, the harness collects the rest and stops every process by PID
        clusters.delete(name).await().atMost(Duration.ofSeconds(30));
        assertNull(KubeMockResource.client.configMaps().inNamespace(KubeMockResource.NAMESPACE)
                .withName(name).get());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertEquals(List.of(), objects(name)));
        assertAllGone(kubelet.pids(name));
    }

    /** The master's {@code aliveworkers}, read here straight from its {@code /json/}. */
    static int aliveWorkers(MasterAddresses.Address master) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(master.statusUrl())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        return new ObjectMapper().readTree(answer.body()).get("aliveworkers").asInt();
    }

    /**
     * Every object of {@code cluster} in the namespace (by its {@code oshinko-cluster} label), one line each: kind,
     * name, labels, owners.
     */
    static List<String> objects(String cluster) {
        var client = KubeMockResource.client;
        String ns = KubeMockResource.NAMESPACE;
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(client.configMaps().inNamespace(ns).withLabel("oshinko-cluster", cluster).list().getItems());
        all.addAll(client.secrets().inNamespace(ns).withLabel("oshinko-cluster", cluster).list().getItems());
        all.addAll(client.services().inNamespace(ns).withLabel("oshinko-cluster", cluster).list().getItems());
        all.addAll(client.apps().deployments().inNamespace(ns).withLabel("oshinko-cluster", cluster).list()
                .getItems());
        return all.stream().map(o -> o.getKind() + " " + o.getMetadata().getName() + " labels "
                + new TreeMap<>(o.getMetadata().getLabels()) + " owners "
                + (o.getMetadata().getOwnerReferences() == null ? List.of() : o.getMetadata().getOwnerReferences()
                        .stream().map(r -> r.getKind() + "/" + r.getName()
                                + (Boolean.TRUE.equals(r.getController()) ? " (controller)" : "")).toList()))
                .toList();
    }

    /** Each PID has exited (waiting up to 30 s for each), or was never seen. */
    static void assertAllGone(Set<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left");
        }
    }

    private double creates() {
        var counter = registry.find("sparkvar.cluster.requests").tag("operation", "create").tag("outcome", "ok")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
