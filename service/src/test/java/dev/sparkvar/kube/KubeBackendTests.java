package dev.sparkvar.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.testing.Management;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service booted with {@code sparkvar.kube.enabled=true} against fabric8's API server mock: the wiring picks the
 * Kubernetes adapter for the cluster port (behind the metrics decorator), readiness names it, and the start-up
 * sweep deletes the cluster an earlier life left.
 */
@QuarkusTest
@TestProfile(KubeBackendTests.NativeBackend.class)
class KubeBackendTests {

    /** Its own boot: the backend is chosen at start-up. */
    public static class NativeBackend implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KubeMockResource.class));
        }
    }

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
    void theClusterAnEarlierLifeLeftIsSweptAtStart() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                KubeMockResource.client.configMaps().inNamespace(KubeMockResource.NAMESPACE)
                        .withName(KubeMockResource.LEFT_OVER).get() == null);
    }

    @Test
    void theClusterPortMakesKubernetesObjectsAndCountsEachCallOnce() {
        double before = creates();
        Cluster cluster = clusters.create("cluster-kb01", "clusterconfig", 2).await().atMost(Duration.ofSeconds(30));
        assertEquals("spark://cluster-kb01." + KubeMockResource.NAMESPACE + ".svc:7077", cluster.masterUrl());
        assertEquals(2, KubeMockResource.client.apps().deployments().inNamespace(KubeMockResource.NAMESPACE)
                .withName("cluster-kb01-w").get().getSpec().getReplicas());
        assertTrue(clusters.sparkSecret("cluster-kb01").isPresent(), "the driver gets the cluster's secret");
        assertFalse(clusters.scalesClusters(), "our elastic loop scales these clusters");
        assertEquals(1, creates() - before, 0.0, "one create, counted once");
        // the driver's metrics have a receiver in this service (the driver runs here)
        assertEquals("127.0.0.1", clusters.carbon("cluster-kb01").host());

        clusters.delete("cluster-kb01").await().atMost(Duration.ofSeconds(30));
        assertNull(KubeMockResource.client.configMaps().inNamespace(KubeMockResource.NAMESPACE)
                .withName("cluster-kb01").get());
    }

    private double creates() {
        var counter = registry.find("sparkvar.cluster.requests").tag("operation", "create").tag("outcome", "ok")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
