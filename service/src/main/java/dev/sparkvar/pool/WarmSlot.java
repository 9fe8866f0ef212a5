package dev.sparkvar.pool;

import java.time.Instant;

/** A ready slot: a cluster whose workers have registered and a job JVM in standby on it, waiting for one run. */
public interface WarmSlot {

    /** The slot's id (also its job's ledger group and Spark metrics namespace). */
    String id();

    /** The slot's cluster's name. */
    String cluster();

    /** When its job said ready. */
    Instant readyAt();

    /** Seconds from the cluster's create to the job's ready. */
    double fillSeconds();

    /** Its job JVM's PID. */
    long jobPid();

    /** Whether its job JVM still runs (a dead one is retired, never handed out). */
    boolean alive();
}
