package dev.sparkvar.oshinko;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Oshinko's cluster: the merged config, its status, master addresses and pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterModel(
        String name,
        String status,
        String masterUrl,
        String masterWebUrl,
        ClusterConfig config,
        List<Pod> pods) {

    /** The desired worker count of the reply's config (oshinko's {@code config.workerCount}), 0 if absent. */
    public int desiredWorkers() {
        return config == null || config.workerCount() == null ? 0 : config.workerCount();
    }
}
