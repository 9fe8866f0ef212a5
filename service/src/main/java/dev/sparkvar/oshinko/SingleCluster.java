package dev.sparkvar.oshinko;

/** Oshinko's reply for one cluster: {@code {"cluster":{...}}}. */
public record SingleCluster(ClusterModel cluster) {
}
