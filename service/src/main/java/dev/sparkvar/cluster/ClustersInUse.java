package dev.sparkvar.cluster;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clusters that runs use right now (workers registered or a job running, not being deleted): the only ones
 * the elastic loop may scale. Users mark a cluster when they start relying on it and release it before they
 * delete it, so that nothing scales a cluster on its way out.
 */
@ApplicationScoped
public class ClustersInUse {

    private final Set<String> names = ConcurrentHashMap.newKeySet();

    public void use(String cluster) {
        names.add(cluster);
    }

    public void release(String cluster) {
        names.remove(cluster);
    }

    public boolean contains(String cluster) {
        return names.contains(cluster);
    }

    public Set<String> snapshot() {
        return Set.copyOf(names);
    }
}
