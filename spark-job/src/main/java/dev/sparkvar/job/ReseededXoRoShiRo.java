package dev.sparkvar.job;

import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;

/**
 * Commons RNG's XoRoShiRo128++ itself, re-seeded in place for each path ({@link #reset}): for a kernel that draws
 * more than {@code nextLong} (the historical model's {@code nextInt(bound)} and {@code nextDouble}), where
 * {@link PathGenerator}'s interface defaults would not be Commons RNG's sequence. Being the same class's code with
 * the state and the int cache set as its constructor sets them, it gives what
 * {@link SimulationKernel#generator} gives for the same (seed, k), without a new generator per path (the garbage
 * {@link PathGenerator} explains).
 */
public final class ReseededXoRoShiRo extends XoRoShiRo128PlusPlus {
    /** A generator to {@link #reset} before use (its state until then is an arbitrary non-zero one). */
    public ReseededXoRoShiRo() {
        super(1L, 2L);
    }

    /** Seeds this generator for simulation {@code k} of the stream started at {@code masterSeed}. */
    public ReseededXoRoShiRo reset(long masterSeed, long k) {
        state0 = PathGenerator.seed0(masterSeed, k);
        state1 = PathGenerator.seed1(masterSeed, k, state0);
        resetCachedState(); // LongProvider's cached int and boolean bits, empty as in a new generator
        return this;
    }
}
