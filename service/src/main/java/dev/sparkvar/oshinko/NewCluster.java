package dev.sparkvar.oshinko;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Oshinko's request body for POST and PUT {@code /clusters}: a cluster name and an optional config. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewCluster(String name, ClusterConfig config) {

    /** The notebook's request: a cluster built from a stored (named) config. */
    public static NewCluster fromNamedConfig(String name, String namedConfig) {
        return new NewCluster(name, ClusterConfig.named(namedConfig));
    }

    /** The scale request oshinko's PUT expects: {@code {"name":n,"config":{"workerCount":w}}}. */
    public static NewCluster scale(String name, int workerCount) {
        return new NewCluster(name, ClusterConfig.workers(workerCount));
    }
}
