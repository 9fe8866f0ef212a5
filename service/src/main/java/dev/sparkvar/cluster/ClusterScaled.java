package dev.sparkvar.cluster;

/**
 * A CDI event: the elastic-worker loop changed a cluster's desired worker count. Whoever uses the cluster (a run) may turn it into
 * a {@code cluster-scaled} event on the stream of the run that owns the cluster.
 */
public record ClusterScaled(String cluster, int from, int to, String reason) {
}
