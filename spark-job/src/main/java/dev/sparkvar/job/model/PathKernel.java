package dev.sparkvar.job.model;

import java.io.Serializable;

/**
 * One risk model's Monte Carlo kernel. Simulation {@code k} is a pure function of (model, seed, k), so the
 * outcomes do not depend on how the index range is cut into tasks.
 */
public interface PathKernel extends Serializable {

    /** The portfolio's value at the start (the sum of the holdings). */
    double initialValue();

    /** Outcomes (final minus initial value) of simulations {@code from} (inclusive) to {@code to}. */
    double[] simulate(long from, long to);

    /**
     * Outcomes of simulations {@code from} (inclusive) to {@code to} with their likelihood ratios; a kernel that
     * samples the real law (the default) has none.
     */
    default Paths paths(long from, long to) {
        return new Paths(simulate(from, to), null);
    }

    /** The portfolio value at the start and after each day of simulation {@code k}. */
    double[] walk(long k);
}
