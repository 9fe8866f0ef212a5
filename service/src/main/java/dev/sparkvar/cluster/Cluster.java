package dev.sparkvar.cluster;

/**
 * A cluster as the backend reports it: its Spark master, the desired worker count and, for the elastic loop,
 * whether its config asks for scaling ({@code scorpionstare.enable}) within which bounds (null: none set).
 */
public record Cluster(String name, String masterUrl, String masterWebUrl, int desiredWorkers, boolean elastic,
                      Integer minWorkers, Integer maxWorkers) {
}
