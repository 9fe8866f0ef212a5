package dev.sparkvar.job.model;

import java.util.Locale;

import dev.sparkvar.job.SimulationKernel;

/** The risk models a run can compute side by side (spark-job/README.md, "Risk models"). */
public enum RiskModel {
    /** The notebook's model: each ticker's daily change drawn from its own normal, tickers independent. */
    INDEPENDENT(0),
    /** Multivariate normal daily changes: mean vector and sample covariance over the common dates. */
    CORRELATED(0x636F7272656C6174L),
    /** Historical simulation: each day replays one common date's changes, drawn uniformly with replacement. */
    HISTORICAL(0x686973746F726963L);

    private final long streamTag;

    RiskModel(long streamTag) {
        this.streamTag = streamTag;
    }

    /** The name used on the command line and in the result ({@code independent}, ...). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The model named {@code key} (one of {@code JobArgs.MODELS}). */
    public static RiskModel of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    /**
     * The master seed of this model's simulation streams. The independent model keeps the run's seed, so its
     * digits are the notebook-compatible ones; the others get {@code mix64(seed ^ tag)}, a bijection of the
     * seed, so each model has its own streams and the same seed still gives the same run.
     */
    public long streamSeed(long masterSeed) {
        return this == INDEPENDENT ? masterSeed : SimulationKernel.mix64(masterSeed ^ streamTag);
    }
}
