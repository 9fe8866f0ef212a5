package dev.sparkvar.kube;

import dev.sparkvar.cluster.ClusterConflictException;

import java.util.regex.Pattern;

import static dev.sparkvar.kube.KubeClusters.TITLE_CREATE;

/** What a create or a scale may ask of this backend: a request outside it is a {@link ClusterConflictException}. */
final class ClusterRules {

    /**
     * A DNS-1035 label (a Service name) short enough that {@code <name>-w-<replicaset hash>-<pod hash>} and
     * {@code <name>-spark-auth} stay valid names and label values.
     */
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,38}[a-z0-9])?");

    private final KubeConfig config;

    ClusterRules(KubeConfig config) {
        this.config = config;
    }

    /** A new cluster: a name that makes valid object names, a named config of ours, a worker count in bounds. */
    void checkCreate(String name, String configName, int count) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ClusterConflictException(TITLE_CREATE, "cluster name must be a DNS label of at most 40"
                    + " characters starting with a letter");
        }
        if (!config.configs().contains(configName)) {
            throw new ClusterConflictException(TITLE_CREATE, "named config '" + configName + "' does not exist"
                    + " (known here: " + String.join(", ", config.configs()) + ")");
        }
        if (count < 1 || count > config.maxWorkers()) {
            throw new ClusterConflictException(TITLE_CREATE, "workerCount must be between 1 and "
                    + config.maxWorkers() + ", was " + count);
        }
    }

    /** A scale to {@code workerCount}: 0 (no workers) up to the maximum. */
    void checkScale(int workerCount) {
        if (workerCount < 0 || workerCount > config.maxWorkers()) {
            throw new ClusterConflictException("cannot scale cluster", "workerCount must be between 0 and "
                    + config.maxWorkers() + ", was " + workerCount);
        }
    }
}
