package dev.sparkvar.kube;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * fabric8's API server mock in CRUD mode on 127.0.0.1 as the service's Kubernetes API, with the native backend on,
 * and one cluster anchor "of an earlier life" already there for the start-up sweep to find.
 */
public class KubeMockResource implements QuarkusTestResourceLifecycleManager {

    static final String NAMESPACE = "sparkvar-test";
    static final String LEFT_OVER = "cluster-old1";

    /** A client of the mock, for the test's own reads. */
    static KubernetesClient client;

    private KubernetesMockServer server;

    @Override
    public Map<String, String> start() {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(LEFT_OVER).addToLabels("oshinko-cluster", LEFT_OVER)
                .addToLabels("app.kubernetes.io/managed-by", "sparkvar").endMetadata().build()).create();
        // fabric8's own settings, read when the client is built at start-up: Quarkus' api-server-url is fixed at
        // build time, and a changed build would be a second build of the service in this JVM
        System.setProperty("kubernetes.master", server.url("/"));
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        return Map.of("sparkvar.kube.enabled", "true",
                "sparkvar.kube.namespace", NAMESPACE,
                // no warm cluster: no kubelet runs its pods here
                "sparkvar.pool.size", "0");
    }

    @Override
    public void stop() {
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
