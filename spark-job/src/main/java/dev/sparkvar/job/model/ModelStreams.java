package dev.sparkvar.job.model;

import dev.sparkvar.job.SimulationKernel;
import dev.sparkvar.jobapi.RiskModel;

/** Each risk model's random streams: the job's own concern, so not in the contract's {@link RiskModel}. */
public final class ModelStreams {

    private ModelStreams() {
    }

    /**
     * The master seed of {@code model}'s simulation streams. The independent model keeps the run's seed, so its
     * digits are the notebook-compatible ones; the others get {@code mix64(seed ^ tag)}, a bijection of the
     * seed, so each model has its own streams and the same seed still gives the same run.
     */
    public static long seed(RiskModel model, long masterSeed) {
        return switch (model) {
            case INDEPENDENT -> masterSeed;
            case CORRELATED -> SimulationKernel.mix64(masterSeed ^ 0x636F7272656C6174L); // "correlat"
            case HISTORICAL -> SimulationKernel.mix64(masterSeed ^ 0x686973746F726963L); // "historic"
        };
    }
}
