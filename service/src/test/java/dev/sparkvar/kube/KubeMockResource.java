package dev.sparkvar.kube;

import dev.sparkvar.spark.SparkInstall;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.mutiny.Uni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * fabric8's API server mock in CRUD mode on 127.0.0.1 as the service's Kubernetes API, with the native backend on,
 * the {@link Kubelet} harness running the pods of what the adapter makes, and one whole cluster "of an earlier
 * life" already there for the start-up sweep to find: made by an adapter of that life (its secret died with it),
 * its master and worker running.
 */
public class KubeMockResource implements QuarkusTestResourceLifecycleManager {

    static final String NAMESPACE = "sparkvar-test";
    static final String LEFT_OVER = "cluster-old1";

    /** A client of the mock, for the test's own reads. */
    static KubernetesClient client;
    /** The harness that plays the kubelet (and the garbage collector) for this mock. */
    static Kubelet kubelet;

    private KubernetesMockServer server;

    @Override
    public Map<String, String> start() {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        try {
            kubelet = new Kubelet(client, NAMESPACE, spark(), Files.createTempDirectory("sparkvar-kubelet")).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the earlier life: its adapter made the cluster and died (nothing of it but what is in the API)
        new KubeClusters(client, KubeClustersTests.config("sparkvar.kube.namespace", NAMESPACE),
                (namespace, cluster) -> kubelet.address(cluster), c -> Uni.createFrom().item(Optional.empty()),
                new KubeClustersTests.RecordingMetrics(), Duration.ofMillis(200), Duration.ofSeconds(10))
                .create(LEFT_OVER, "default", 1).await().atMost(Duration.ofSeconds(30));
        // its master and worker run before this life starts (their JVMs need not be up: the sweep races them)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> kubelet.pids(LEFT_OVER).size() >= 2);
        // fabric8's own settings, read when the client is built at start-up: Quarkus' api-server-url is fixed at
        // build time, and a changed build would be a second build of the service in this JVM
        System.setProperty("kubernetes.master", server.url("/"));
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        return Map.of("sparkvar.kube.enabled", "true",
                "sparkvar.kube.namespace", NAMESPACE,
                // no warm cluster: each would be a master, a worker and a standby job JVM for every boot
                "sparkvar.pool.size", "0");
    }

    private static SparkInstall spark() {
        return dev.sparkvar.testing.TestSparkInstall.create();
    }

    @Override
    public void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
        System.clearProperty("kubernetes.master");
        System.clearProperty("kubernetes.auth.tryKubeConfig");
        System.clearProperty("kubernetes.auth.tryServiceAccount");
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }
}
