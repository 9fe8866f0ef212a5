package dev.sparkvar.kube;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.ClusterConflictException;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes adapter against fabric8's API server mock in CRUD mode (it stores what it is sent and answers
 * like an API server, but runs no controllers: no garbage collector, no kubelet, so deployments get a status only
 * when a test writes one).
 */
// https = false: with TLS the mock makes a self-signed RSA certificate at its start, 2-10 CPU-s on a C1-only test JVM
// (a quarter of a lane's samples in a JFR profile of the suite); nothing here is about TLS
@EnableKubernetesMockClient(crud = true, https = false)
class KubeClustersTests {

    static KubernetesClient client;

    private static final String NS = "spark-test";
    private final RecordingMetrics metrics = new RecordingMetrics();

    static KubeConfig config(String... keyValues) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(KubeConfig.class, "sparkvar.kube")
                // Quarkus' own form of durations (30s), as in the service
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withDefaultValue("sparkvar.kube.namespace", NS);
        for (int i = 0; i < keyValues.length; i += 2) {
            builder.withDefaultValue(keyValues[i], keyValues[i + 1]);
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(KubeConfig.class, "sparkvar.kube");
    }

    private KubeClusters adapter(KubeConfig config) {
        return new KubeClusters(client, config, new ServiceDnsAddresses(), c -> Uni.createFrom().item(Optional.of(0)),
                metrics, Duration.ofMillis(50), Duration.ofSeconds(2));
    }

    private KubeClusters owned() {
        return adapter(config("sparkvar.kube.owner.name", "sparkvar-7d9f-abcde",
                "sparkvar.kube.owner.uid", "0b5c1f0e-1111-2222-3333-444455556666"));
    }

    @BeforeEach
    @AfterEach
    void clean() {
        client.configMaps().inNamespace(NS).delete();
        client.secrets().inNamespace(NS).delete();
        client.services().inNamespace(NS).delete();
        client.apps().deployments().inNamespace(NS).delete();
    }

    @Test
    void aClusterIsAnAnchorOwningItsSecretServiceAndTwoDeployments() {
        KubeClusters kube = owned();
        Cluster cluster = kube.create("c1", "clusterconfig", 3).await().atMost(Duration.ofSeconds(10));

        assertEquals("spark://c1.spark-test.svc:7077", cluster.masterUrl());
        assertEquals("http://c1.spark-test.svc:8080", cluster.masterWebUrl());
        assertEquals(3, cluster.desiredWorkers());
        assertTrue(cluster.elastic(), "clusterconfig is elastic");
        assertEquals(1, cluster.minWorkers());
        assertEquals(4, cluster.maxWorkers());
        assertFalse(cluster.masterRunning(), "nothing runs before the kubelet says so");

        ConfigMap anchor = client.configMaps().inNamespace(NS).withName("c1").get();
        assertNotNull(anchor);
        assertLabels(anchor, "c1", null);
        OwnerReference pod = single(anchor.getMetadata().getOwnerReferences());
        assertEquals("Pod", pod.getKind());
        assertEquals("v1", pod.getApiVersion());
        assertEquals("sparkvar-7d9f-abcde", pod.getName());
        assertEquals("0b5c1f0e-1111-2222-3333-444455556666", pod.getUid());
        assertTrue(anchor.getData().get("spark-defaults.conf").contains("spark.authenticate true"));

        Secret secret = client.secrets().inNamespace(NS).withName("c1-spark-auth").get();
        Service service = client.services().inNamespace(NS).withName("c1").get();
        Deployment master = client.apps().deployments().inNamespace(NS).withName("c1-m").get();
        Deployment workers = client.apps().deployments().inNamespace(NS).withName("c1-w").get();
        for (HasMetadata owned : List.of(secret, service, master, workers)) {
            OwnerReference ref = single(owned.getMetadata().getOwnerReferences());
            assertEquals("ConfigMap", ref.getKind(), owned.getKind());
            assertEquals("c1", ref.getName());
            assertEquals(anchor.getMetadata().getUid(), ref.getUid(), "owned by this very anchor");
            assertTrue(ref.getController());
            assertTrue(ref.getBlockOwnerDeletion(), "a foreground delete waits for it");
            assertLabels(owned, "c1", null);
        }
        assertLabels(master, "c1", "master");
        assertLabels(workers, "c1", "worker");
        assertEquals(1, master.getSpec().getReplicas());
        assertEquals(3, workers.getSpec().getReplicas());
        assertEquals(Map.of("oshinko-cluster", "c1", "oshinko-type", "master",
                "app.kubernetes.io/managed-by", "sparkvar"), service.getSpec().getSelector());
        assertEquals(List.of(7077, 8080), service.getSpec().getPorts().stream().map(p -> p.getPort()).toList());

        // the secret the driver gets is the one the daemons read from the Secret
        SparkSecret driver = kube.sparkSecret("c1").orElseThrow();
        String stored = secret.getStringData() != null && secret.getStringData().containsKey("secret")
                ? secret.getStringData().get("secret")
                : new String(Base64.getDecoder().decode(secret.getData().get("secret")), StandardCharsets.UTF_8);
        assertEquals(driver.value(), stored);
        for (Deployment d : List.of(master, workers)) {
            EnvVar env = envVar(d, SparkSecret.ENVIRONMENT_VARIABLE);
            assertNull(env.getValue(), "never the value itself in the pod spec");
            assertEquals("c1-spark-auth", env.getValueFrom().getSecretKeyRef().getName());
        }
        assertEquals("spark://c1:7077", envVar(workers, "SPARK_MASTER_ADDRESS").getValue());
        assertEquals(List.of("c1"), metrics.opened);
    }

    @Test
    void everyPodRunsWithTheRestrictedSecurityContext() {
        owned().create("c2", "default", 1).await().atMost(Duration.ofSeconds(10));
        for (String name : List.of("c2-m", "c2-w")) {
            PodSpec pod = client.apps().deployments().inNamespace(NS).withName(name).get().getSpec().getTemplate()
                    .getSpec();
            assertTrue(pod.getSecurityContext().getRunAsNonRoot(), name);
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), name);
            assertFalse(pod.getAutomountServiceAccountToken(), name + ": Spark needs no API token");
            Container c = single(pod.getContainers());
            assertTrue(c.getSecurityContext().getRunAsNonRoot(), name);
            assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation(), name);
            assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), name);
            assertEquals("RuntimeDefault", c.getSecurityContext().getSeccompProfile().getType(), name);
            assertNotNull(c.getResources().getLimits().get("memory"), name + ": bounded memory");
            assertEquals("*", client.apps().deployments().inNamespace(NS).withName(name).get().getSpec()
                    .getTemplate().getMetadata().getAnnotations().get("alpha.image.policy.openshift.io/resolve-names"),
                    name + ": the image stream's local name resolves on OpenShift");
        }
    }

    @Test
    void getReportsWhatTheDeploymentsReport() {
        KubeClusters kube = owned();
        kube.create("c3", "default", 2).await().atMost(Duration.ofSeconds(10));
        Cluster cluster = kube.get("c3").await().atMost(Duration.ofSeconds(10));
        assertFalse(cluster.elastic(), "the default config is not elastic");
        assertFalse(cluster.alive());

        ready("c3-m", 1);
        ready("c3-w", 2);
        cluster = kube.get("c3").await().atMost(Duration.ofSeconds(10));
        assertTrue(cluster.masterRunning());
        assertEquals(2, cluster.workersRunning());
        assertTrue(cluster.alive());
    }

    @Test
    void scalingSetsTheWorkersReplicas() {
        KubeClusters kube = owned();
        kube.create("c4", "clusterconfig", 1).await().atMost(Duration.ofSeconds(10));
        Cluster scaled = kube.scale("c4", 4).await().atMost(Duration.ofSeconds(10));
        assertEquals(4, scaled.desiredWorkers());
        assertEquals(4, client.apps().deployments().inNamespace(NS).withName("c4-w").get().getSpec().getReplicas());
        assertEquals(1, client.apps().deployments().inNamespace(NS).withName("c4-m").get().getSpec().getReplicas());
        kube.scale("c4", 2).await().atMost(Duration.ofSeconds(10));
        assertEquals(2, kube.get("c4").await().atMost(Duration.ofSeconds(10)).desiredWorkers());

        assertThrows(ClusterConflictException.class, () -> kube.scale("c4", 5).await().atMost(Duration.ofSeconds(10)),
                "beyond maxWorkers");
        assertThrows(ClusterNotFoundException.class, () -> kube.scale("nope", 2).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void deletingTheAnchorDeletesTheClusterAndItsSecret() {
        KubeClusters kube = owned();
        kube.create("c5", "default", 1).await().atMost(Duration.ofSeconds(10));
        kube.delete("c5").await().atMost(Duration.ofSeconds(10));

        assertNull(client.configMaps().inNamespace(NS).withName("c5").get());
        assertThrows(ClusterNotFoundException.class, () -> kube.get("c5").await().atMost(Duration.ofSeconds(10)));
        assertTrue(kube.sparkSecret("c5").isEmpty(), "the driver's copy is forgotten");
        assertEquals(List.of("c5"), metrics.closed);
        // the mock has no garbage collector: what remains is owned by the anchor only, so a real one takes it
        for (HasMetadata left : List.<HasMetadata>of(
                client.apps().deployments().inNamespace(NS).withName("c5-m").get(),
                client.apps().deployments().inNamespace(NS).withName("c5-w").get(),
                client.services().inNamespace(NS).withName("c5").get(),
                client.secrets().inNamespace(NS).withName("c5-spark-auth").get())) {
            assertEquals("c5", single(left.getMetadata().getOwnerReferences()).getName());
        }
        // already gone counts as deleted
        kube.delete("c5").await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aSecondCreateOfOneNameIsAConflict() {
        KubeClusters kube = owned();
        kube.create("c6", "default", 1).await().atMost(Duration.ofSeconds(10));
        SparkSecret first = kube.sparkSecret("c6").orElseThrow();
        assertThrows(ClusterConflictException.class, () -> kube.create("c6", "default", 1).await()
                .atMost(Duration.ofSeconds(10)));
        assertEquals(first, kube.sparkSecret("c6").orElseThrow(), "the existing cluster keeps its secret");
        // another life of the service (nothing in memory) meets the existing anchor
        assertThrows(ClusterConflictException.class, () -> owned().create("c6", "default", 1).await()
                .atMost(Duration.ofSeconds(10)));
    }

    @Test
    void badRequestsAreRefusedBeforeAnyObjectIsMade() {
        KubeClusters kube = owned();
        assertThrows(ClusterConflictException.class, () -> kube.create("c7", "nosuchconfig", 1).await()
                .atMost(Duration.ofSeconds(10)));
        assertThrows(ClusterConflictException.class, () -> kube.create("c7", "default", 0).await()
                .atMost(Duration.ofSeconds(10)));
        assertThrows(ClusterConflictException.class, () -> kube.create("c7", "default", 5).await()
                .atMost(Duration.ofSeconds(10)));
        assertThrows(ClusterConflictException.class, () -> kube.create("7c", "default", 1).await()
                .atMost(Duration.ofSeconds(10)));
        assertThrows(ClusterConflictException.class, () -> kube.create("C7", "default", 1).await()
                .atMost(Duration.ofSeconds(10)));
        assertThrows(ClusterConflictException.class, () -> kube.create("c".repeat(41), "default", 1).await()
                .atMost(Duration.ofSeconds(10)));
        assertTrue(client.configMaps().inNamespace(NS).list().getItems().isEmpty());
        assertEquals(1, kube.create("c7", null, null).await().atMost(Duration.ofSeconds(10)).desiredWorkers(),
                "no config, no count: the default config and sparkvar.kube.workers");
    }

    @Test
    void halfACreateIsUndone() {
        // a Service of that name exists already (not ours): the create fails after its anchor was made
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("c8")
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        KubeClusters kube = owned();
        assertThrows(ClusterConflictException.class, () -> kube.create("c8", "default", 1).await()
                .atMost(Duration.ofSeconds(10)));
        assertNull(client.configMaps().inNamespace(NS).withName("c8").get(), "the anchor is deleted again");
        assertTrue(kube.sparkSecret("c8").isEmpty());
        assertTrue(metrics.opened.isEmpty());
    }

    @Test
    void theSweepAfterARestartDeletesTheClustersOfTheEarlierLifeOnly() {
        KubeClusters before = owned();
        before.create("old1", "default", 1).await().atMost(Duration.ofSeconds(10));
        before.create("old2", "clusterconfig", 2).await().atMost(Duration.ofSeconds(10));
        // not ours: no managed-by label
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("other")
                .addToLabels("oshinko-cluster", "other").endMetadata().build()).create();

        KubeClusters after = adapter(config("sparkvar.kube.owner.name", "sparkvar-7d9f-fghij",
                "sparkvar.kube.owner.uid", "0b5c1f0e-9999-2222-3333-444455556666"));
        after.create("new1", "default", 1).await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of("new1", "old1", "old2"), after.list().await().atMost(Duration.ofSeconds(10)).stream()
                .sorted().toList());

        List<String> swept = after.sweep().await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of("old1", "old2"), swept.stream().sorted().toList());
        assertEquals(List.of("new1"), after.list().await().atMost(Duration.ofSeconds(10)));
        assertNotNull(client.configMaps().inNamespace(NS).withName("other").get(), "not ours: left alone");
        after.delete("other").await().atMost(Duration.ofSeconds(10));
        assertNotNull(client.configMaps().inNamespace(NS).withName("other").get(), "not ours, even by name");
        assertTrue(after.sweep().await().atMost(Duration.ofSeconds(10)).isEmpty(), "nothing left to sweep");
    }

    @Test
    void withoutAnOwnerTheAnchorIsUnowned() {
        adapter(config()).create("c9", "default", 1).await().atMost(Duration.ofSeconds(10));
        ConfigMap anchor = client.configMaps().inNamespace(NS).withName("c9").get();
        assertTrue(anchor.getMetadata().getOwnerReferences() == null
                || anchor.getMetadata().getOwnerReferences().isEmpty());
    }

    @Test
    void workersAreCountedFromTheMasterNotFromMetrics() {
        List<Optional<Integer>> answers = new ArrayList<>(List.of(Optional.empty(), Optional.of(1), Optional.of(2)));
        KubeClusters kube = new KubeClusters(client, config(), new ServiceDnsAddresses(), c -> Uni.createFrom().item(
                answers.size() > 1 ? answers.remove(0) : answers.get(0)), metrics, Duration.ofMillis(20),
                Duration.ofSeconds(5));
        List<Integer> seen = kube.awaitWorkers("c10", 2).map(w -> w.alive()).collect().asList().await()
                .atMost(Duration.ofSeconds(10));
        assertEquals(List.of(0, 1, 2), seen);
    }

    private void ready(String deployment, int replicas) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName(deployment).get();
        d.setStatus(new DeploymentStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas).build());
        client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
    }

    private static void assertLabels(HasMetadata object, String cluster, String type) {
        Map<String, String> labels = object.getMetadata().getLabels();
        assertEquals(cluster, labels.get("oshinko-cluster"), object.getKind());
        assertEquals("sparkvar", labels.get("app.kubernetes.io/managed-by"), object.getKind());
        if (type != null) {
            assertEquals(type, labels.get("oshinko-type"), object.getKind());
            assertEquals(type, ((Deployment) object).getSpec().getTemplate().getMetadata().getLabels()
                    .get("oshinko-type"));
        }
    }

    private static EnvVar envVar(Deployment d, String name) {
        return single(d.getSpec().getTemplate().getSpec().getContainers()).getEnv().stream()
                .filter(e -> e.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private static <T> T single(List<T> list) {
        assertNotNull(list);
        assertEquals(1, list.size(), String.valueOf(list));
        return list.get(0);
    }

    /** The driver-metrics hook, recording what the adapter opened and closed. */
    static final class RecordingMetrics implements DriverMetrics {
        final List<String> opened = new ArrayList<>();
        final List<String> closed = new ArrayList<>();

        @Override
        public HostAndPort open(String cluster) {
            opened.add(cluster);
            return carbon(cluster);
        }

        @Override
        public HostAndPort carbon(String cluster) {
            return new HostAndPort("127.0.0.1", 2003);
        }

        @Override
        public String metricsUrl(String cluster) {
            return "http://127.0.0.1:1/" + cluster;
        }

        @Override
        public io.smallrye.mutiny.Uni<java.util.Optional<Double>> executorTarget(String cluster) {
            return io.smallrye.mutiny.Uni.createFrom().item(java.util.Optional.of(2.0));
        }

        @Override
        public void close(String cluster) {
            closed.add(cluster);
        }
    }
}
