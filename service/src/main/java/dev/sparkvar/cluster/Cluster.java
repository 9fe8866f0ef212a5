package dev.sparkvar.cluster;

/**
 * A cluster as the backend reports it: its Spark master, the desired worker count, for the elastic loop whether
 * its config asks for scaling ({@code scorpionstare.enable}) within which bounds (null: none set), and what runs:
 * the master and worker pods (processes, on the embedded default) in phase Running.
 */
public record Cluster(String name, String masterUrl, String masterWebUrl, int desiredWorkers, boolean elastic,
                      Integer minWorkers, Integer maxWorkers, boolean masterRunning, int workersRunning) {

    /** Whether the cluster can run a job: its master runs and at least one worker does. */
    public boolean alive() {
        return masterRunning && workersRunning > 0;
    }
}
