package dev.sparkvar.kube;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * A cluster's master where the {@link Kubelet} harness runs it (127.0.0.1 and the host ports of its Service), in
 * place of the Service's DNS name, which nothing resolves here. Enabled by {@link KubeBackendTests.NativeBackend}
 * only; a cluster the harness does not run (none started) falls back to the DNS name.
 */
@Alternative
@ApplicationScoped
public class KubeletAddresses implements MasterAddresses {

    private final ServiceDnsAddresses dns = new ServiceDnsAddresses();

    @Override
    public Address of(String namespace, String cluster) {
        Kubelet kubelet = KubeMockResource.kubelet;
        return kubelet == null ? dns.of(namespace, cluster) : kubelet.address(ClusterObjects.serviceName(cluster));
    }
}
