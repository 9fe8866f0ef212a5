package dev.sparkvar.job;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * XoRoShiRo128++ (the algorithm of Commons RNG's {@code XoRoShiRo128PlusPlus}, the same outputs) that a task
 * re-seeds for each path with {@link #reset}, so that one generator and one Gaussian sampler serve every path of
 * the task. Only {@link #nextLong} is Commons RNG's sequence (the ziggurat samplers draw nothing else); the other
 * draws are the interface's defaults, not {@code LongProvider}'s, so use it with those samplers only.
 *
 * <p>Why not a new generator per path: a path's generator and its ziggurat sampler are three small objects the JIT
 * cannot remove (the sampler's {@code sample()} is compiled too big to inline, so they escape), about 70 bytes per
 * path, 0.7 GB over 10⁷ paths. In a young JVM, G1 keeps growing the young generation to hold that garbage, and
 * every page of it is touched for the first time (a page fault, the kernel zeroing it): measured on one thread
 * without Spark, the kernel ran at 4.5-6 ns per asset-day for its first 3 s instead of 2.3, and at 2.3 from the
 * start with a pre-touched heap or a small young generation. Re-seeding allocates nothing.
 */
public final class PathGenerator implements UniformRandomProvider {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    long state0;
    long state1;

    /**
     * Seeds this generator for simulation {@code k}: outputs 2k+1 and 2k+2 of a SplitMix64 stream started at the
     * master seed, so no two simulations share a seed (the state {@link SimulationKernel#generator} starts from).
     */
    public PathGenerator reset(long masterSeed, long k) {
        long s0 = seed0(masterSeed, k);
        state1 = seed1(masterSeed, k, s0);
        state0 = s0;
        return this;
    }

    /** The first word of simulation {@code k}'s state: SplitMix64's output 2k+1 from the master seed. */
    static long seed0(long masterSeed, long k) {
        return SimulationKernel.mix64(masterSeed + (2 * k + 1) * GOLDEN_GAMMA);
    }

    /** The second word (output 2k+2), moved off the all-zero state, the one XoRoShiRo cannot leave. */
    static long seed1(long masterSeed, long k, long state0) {
        long s1 = SimulationKernel.mix64(masterSeed + (2 * k + 2) * GOLDEN_GAMMA);
        return (state0 | s1) == 0 ? GOLDEN_GAMMA : s1;
    }

    @Override
    public long nextLong() {
        long s0 = state0;
        long s1 = state1;
        long result = Long.rotateLeft(s0 + s1, 17) + s0;
        s1 ^= s0;
        state0 = Long.rotateLeft(s0, 49) ^ s1 ^ (s1 << 21);
        state1 = Long.rotateLeft(s1, 28);
        return result;
    }
}
