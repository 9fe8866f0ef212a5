package dev.sparkvar.kube;

import dev.sparkvar.cluster.Cluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What the port sees of a cluster on Kubernetes: its addresses (the master's Service in the namespace, through
 * {@link MasterAddresses}), its worker
 * counts (the workers' Deployment: replicas asked, replicas ready) and, from its named config, whether it is elastic.
 */
final class ClusterView {

    private final KubeConfig config;
    private final String namespace;
    private final MasterAddresses addresses;

    ClusterView(KubeConfig config, String namespace, MasterAddresses addresses) {
        this.config = config;
        this.namespace = namespace;
        this.addresses = addresses;
    }

    /** The master's Service of a cluster, by its DNS name in the namespace. */
    static String host(String namespace, String cluster) {
        return ClusterObjects.serviceName(cluster) + "." + namespace + ".svc";
    }

    /** The port's cluster {@code name}, made from {@code configName}; a Deployment is null when it is gone. */
    Cluster of(String name, String configName, Deployment master, Deployment workers) {
        boolean elastic = configName != null && config.elasticConfigs().contains(configName);
        MasterAddresses.Address at = addresses.of(namespace, name);
        return new Cluster(name, at.url(), at.webUrl(),
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
