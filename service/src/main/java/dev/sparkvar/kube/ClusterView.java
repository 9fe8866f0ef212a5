package dev.sparkvar.kube;

import dev.sparkvar.cluster.Cluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What the port sees of a cluster on Kubernetes: its addresses (the master's Service in the namespace), its worker
 * counts (the workers' Deployment: replicas asked, replicas ready) and, from its named config, whether it is elastic.
 */
final class ClusterView {

    private final KubeConfig config;
    private final String namespace;

    ClusterView(KubeConfig config, String namespace) {
        this.config = config;
        this.namespace = namespace;
    }

    /** The master's Service of a cluster, by its DNS name in the namespace. */
    static String host(String namespace, String cluster) {
        return ClusterObjects.serviceName(cluster) + "." + namespace + ".svc";
    }

    /** The port's cluster {@code name}, made from {@code configName}; a Deployment is null when it is gone. */
    Cluster of(String name, String configName, Deployment master, Deployment workers) {
        boolean elastic = configName != null && config.elasticConfigs().contains(configName);
        String host = host(namespace, name);
        return new Cluster(name, "spark://" + host + ":" + ClusterObjects.MASTER_PORT,
                "http://" + host + ":" + ClusterObjects.MASTER_WEB_PORT,
                replicas(workers), elastic, elastic ? config.minWorkers() : null, elastic ? config.maxWorkers() : null,
                ready(master) > 0, ready(workers));
    }

    private static int replicas(Deployment d) {
        return d == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
    }

    private static int ready(Deployment d) {
        return d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                : d.getStatus().getReadyReplicas();
    }
}
