package dev.sparkvar.run;

/**
 * A run's cluster bookkeeping, apart from its state and events: what is known of the cluster, whether one may exist
 * under its name (asked for, not proven absent), and whether it is deleted. What the reaper and a restart rely on to
 * delete a run's cluster exactly when one may be left.
 */
final class RunCluster {

    private final boolean ephemeral;
    private ClusterInfo info;
    /** Whether a cluster may exist under the run's cluster name: asked for, and not proven absent. */
    private volatile boolean mayExist;

    RunCluster(boolean ephemeral, ClusterInfo info) {
        this.ephemeral = ephemeral;
        this.info = info;
    }

    synchronized ClusterInfo info() {
        return info;
    }

    synchronized void info(ClusterInfo info) {
        this.info = info;
    }

    boolean mayExist() {
        return mayExist;
    }

    void mayExist(boolean mayExist) {
        this.mayExist = mayExist;
    }

    /** Whether the run has an ephemeral cluster that may exist and is not deleted yet. */
    synchronized boolean pending() {
        return ephemeral && info != null && !info.deleted() && mayExist;
    }

    /** Marks the cluster deleted; its name, or null when another path marked it already. */
    synchronized String markDeleted() {
        if (info.deleted()) {
            return null;
        }
        info = info.asDeleted();
        return info.name();
    }
}
