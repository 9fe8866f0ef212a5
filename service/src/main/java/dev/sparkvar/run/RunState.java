package dev.sparkvar.run;

/** The steps of a run, in order; the last three are final. */
public enum RunState {
    /** Accepted, nothing started yet. */
    ACCEPTED(false),
    /** Waiting for admission: as many runs as the service takes hold a cluster already (run/Admission). */
    QUEUED(false),
    /** Asking oshinko (or the local backend) for the cluster. */
    CREATING_CLUSTER(false),
    /** Cluster created; waiting until its workers have registered with the master. */
    WAITING_FOR_WORKERS(false),
    /** The job JVM is running. */
    RUNNING(false),
    /** The job exited 0 with a result; the cluster was deleted. */
    COMPLETED(true),
    /** Something failed; the reason is on the run. */
    FAILED(true),
    /** Cancelled by a user. */
    CANCELLED(true);

    private final boolean isFinal;

    RunState(boolean isFinal) {
        this.isFinal = isFinal;
    }

    public boolean isFinal() {
        return isFinal;
    }

    /** The name of the terminal SSE event for a final state. */
    public String eventName() {
        return name().toLowerCase();
    }
}
