package dev.sparkvar.pool;

/**
 * The pool's share of admission: a slot counts against the runs the service takes at once (it holds a cluster and a
 * driver JVM as a run does). Implemented by admission, which owns the count.
 */
public interface PoolCapacity {

    /** Takes one place for a slot, only if one is free and no run waits (runs come before refills). */
    boolean reserveForSlot();

    /** Gives a slot's place back (retired, failed, given up): the first waiting run may start. */
    void releaseFromSlot();
}
