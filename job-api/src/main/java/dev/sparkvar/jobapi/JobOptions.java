package dev.sparkvar.jobapi;

import java.util.List;

/**
 * The job's command-line options ({@code --name value} or {@code --name=value}): what the service passes and the
 * job's parser accepts. Every option takes a value and may be given once, except {@link #CONF} (repeatable) and
 * {@link #HELP}.
 */
public final class JobOptions {

    /** CSV (with header) or Parquet file or folder with {@code ticker,date,close}. */
    public static final String DATA = "--data";
    /** Spark master URL. */
    public static final String MASTER = "--master";
    /** Number of Monte Carlo simulations. */
    public static final String SIMULATIONS = "--simulations";
    /** Trading days simulated. */
    public static final String HORIZON_DAYS = "--horizon-days";
    /** VaR levels, comma-separated, each in (0, 0.5). */
    public static final String LEVELS = "--levels";
    /** Master seed, a long ({@link Long#decode} syntax). */
    public static final String SEED = "--seed";
    /** JSON holdings file {@code {"TICKER": dollars}}. */
    public static final String HOLDINGS = "--holdings";
    /** Fraction of tickers drawn for a random portfolio, in (0, 1]. */
    public static final String SAMPLE_FRACTION = "--sample-fraction";
    /** Simulation partitions. */
    public static final String PARTITIONS = "--partitions";
    /** Histogram bins. */
    public static final String BINS = "--bins";
    /** Where the result JSON is written. */
    public static final String OUTPUT = "--output";
    /** Callback base URL: the job posts to it plus {@link JobEvents#PROGRESS_PATH} etc. */
    public static final String CALLBACK = "--callback";
    /** Bearer token for the callback; prefer {@link JobEnvironment#TOKEN}, which stays off the command line. */
    public static final String TOKEN = "--token";
    /** A Spark setting {@code key=value}; repeatable, applied after {@link #PROPERTIES_FILE}. */
    public static final String CONF = "--conf";
    /** A {@code spark-defaults.conf} style file. */
    public static final String PROPERTIES_FILE = "--properties-file";
    /** Spark application name. */
    public static final String APP_NAME = "--app-name";
    /** Risk models computed side by side, comma-separated {@link RiskModel} keys. */
    public static final String MODELS = "--models";
    /** Dates of the VaR backtest (0: none). */
    public static final String BACKTEST_DAYS = "--backtest-days";
    /** Dates of the backtest's estimation window. */
    public static final String ESTIMATION_DAYS = "--estimation-days";
    /** A {@link VarianceReduction} key: {@code none} (plain sampling, the default) or {@code importance}. */
    public static final String VARIANCE_REDUCTION = "--variance-reduction";
    /** Prints the usage and exits 0 (also {@link #HELP_SHORT}). */
    public static final String HELP = "--help";
    /** Short form of {@link #HELP}. */
    public static final String HELP_SHORT = "-h";

    /** The options that take a value and may be given once (every option but {@link #CONF} and help). */
    public static final List<String> SINGLE_VALUED = List.of(DATA, MASTER, SIMULATIONS, HORIZON_DAYS, LEVELS, SEED,
            HOLDINGS, SAMPLE_FRACTION, PARTITIONS, BINS, OUTPUT, CALLBACK, TOKEN, PROPERTIES_FILE, APP_NAME,
            MODELS, BACKTEST_DAYS, ESTIMATION_DAYS, VARIANCE_REDUCTION);

    /**
     * Spark setting (through {@link #CONF} or the properties file): how long the driver and its executors stay up
     * after the result, a Spark duration such as {@code 30s}; default 0.
     */
    public static final String LINGER = "spark.sparkvar.linger";

    private JobOptions() {
    }
}
