package dev.sparkvar.run;

/**
 * The cluster a run uses: its name, Spark master, worker counts as last seen, where its metrics are, and whether
 * it has been deleted.
 */
public record ClusterInfo(String name, String masterUrl, String masterWebUrl, Integer desiredWorkers,
                          Integer aliveWorkers, String metricsUrl, String carbon, boolean deleted) {

    static ClusterInfo named(String name) {
        return new ClusterInfo(name, null, null, null, null, null, null, false);
    }

    ClusterInfo withMaster(String masterUrl, String masterWebUrl, Integer desiredWorkers) {
        return new ClusterInfo(name, masterUrl, masterWebUrl, desiredWorkers, aliveWorkers, metricsUrl, carbon, deleted);
    }

    ClusterInfo withMetrics(String metricsUrl, String carbon) {
        return new ClusterInfo(name, masterUrl, masterWebUrl, desiredWorkers, aliveWorkers, metricsUrl, carbon, deleted);
    }

    ClusterInfo withWorkers(int alive, int desired) {
        return new ClusterInfo(name, masterUrl, masterWebUrl, desired, alive, metricsUrl, carbon, deleted);
    }

    ClusterInfo asDeleted() {
        return new ClusterInfo(name, masterUrl, masterWebUrl, desiredWorkers, aliveWorkers, metricsUrl, carbon, true);
    }
}
