package dev.sparkvar.elastic;

/**
 * A CDI event: the elastic-worker loop changed a cluster's desired worker count. The runs feature turns it into
 * a {@code cluster-scaled} event on the stream of the run that owns the cluster.
 */
public record ClusterScaled(String cluster, int from, int to, String reason) {
}
