package dev.sparkvar.kube;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A cluster's master as every pod of the namespace reaches it: its Service's DNS name
 * {@code <cluster>.<namespace>.svc}, ports 7077 and 8080 (what {@link ClusterObjects#service} exposes). A bean only
 * so that a test can replace it (see {@link MasterAddresses}); it holds nothing.
 */
@ApplicationScoped
public class ServiceDnsAddresses implements MasterAddresses {

    @Override
    public Address of(String namespace, String cluster) {
        return new Address(ClusterView.host(namespace, cluster), ClusterObjects.MASTER_PORT,
                ClusterObjects.MASTER_WEB_PORT);
    }
}
