package dev.sparkvar.jobapi;

import java.util.List;

/**
 * What a run gets for what it does not say, and the bounds that hold whoever checks them: the service applies and
 * checks them on {@code POST /runs}, the job on its command line (and prints them in its usage text). The
 * service's own, configurable maxima (simulations, holdings, backtest dates, …) are the service's.
 */
public final class RunDefaults {

    /** Monte Carlo simulations. */
    public static final int SIMULATIONS = 10_000;
    /** Trading days simulated. */
    public static final int HORIZON_DAYS = 5;
    /** The VaR levels. */
    public static final List<Double> LEVELS = List.of(0.05);
    /** At most this many levels in one run. */
    public static final int MAX_LEVELS = 10;
    /** The notebook's seed {@code 0xdea110c8}: the default so that runs repeat. */
    public static final long SEED = 0xdea110c8L;
    /** Fraction of the data set's tickers drawn for the random portfolio (at least one). */
    public static final double SAMPLE_FRACTION = 0.01;
    /** Histogram bins. */
    public static final int BINS = 25;
    /** Most simulation partitions a run may ask for. */
    public static final int MAX_PARTITIONS = 10_000;
    /** The models: the notebook's. */
    public static final List<RiskModel> MODELS = List.of(RiskModel.INDEPENDENT);
    /** Dates of the backtest: none. */
    public static final int BACKTEST_DAYS = 0;
    /** Dates of each backtest forecast's estimation window. */
    public static final int ESTIMATION_DAYS = 250;
    /** Fewest estimation dates: a sample variance needs two. */
    public static final int MIN_ESTIMATION_DAYS = 2;
    /** Plain sampling. */
    public static final VarianceReduction VARIANCE_REDUCTION = VarianceReduction.NONE;
    /** The job's Spark master when none is given. */
    public static final String MASTER = "local[*]";
    /** The job's Spark application name. */
    public static final String APP_NAME = "sparkvar-var";

    private RunDefaults() {
    }

    /** A VaR level is in (0, 0.5): a tail probability, the loss side. */
    public static boolean validLevel(Double level) {
        return level != null && level > 0 && level < 0.5;
    }

    /** A sample fraction is in (0, 1]. */
    public static boolean validSampleFraction(Double fraction) {
        return fraction != null && fraction > 0 && fraction <= 1;
    }
}
