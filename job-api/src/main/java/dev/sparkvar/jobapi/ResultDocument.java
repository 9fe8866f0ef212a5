package dev.sparkvar.jobapi;

import java.util.List;

/**
 * The result document the job writes to {@link #FILE} (and posts to {@link JobEvents#RESULT_PATH}) and the service
 * keeps and summarises: its file name and the field names both sides read (the whole document: spark-job/README.md).
 * The job's result record has a component of each name (spark-job's {@code ResultContractTests}).
 */
public final class ResultDocument {

    /** The file name in the run's folder: {@code --output <run dir>/result.json}. */
    public static final String FILE = "result.json";

    public static final String VAR = "var";
    public static final String EXPECTED_SHORTFALL = "expectedShortfall";
    public static final String VAR_STANDARD_ERROR = "varStandardError";
    public static final String EXPECTED_SHORTFALL_STANDARD_ERROR = "expectedShortfallStandardError";
    public static final String VAR_CONFIDENCE = "varConfidence";
    public static final String PNL = "pnl";
    public static final String INITIAL_VALUE = "initialValue";
    public static final String SIMULATIONS = "simulations";
    public static final String HORIZON_DAYS = "horizonDays";
    public static final String SEED = "seed";
    public static final String LEVELS = "levels";
    public static final String VARIANCE_REDUCTION = "varianceReduction";
    public static final String WARNINGS = "warnings";
    /** Per model key ({@link RiskModel#key()}): its figures, {@link #HISTOGRAM} included. */
    public static final String MODELS = "models";
    /** A model's histogram (and the top level's). */
    public static final String HISTOGRAM = "histogram";
    /** The backtest, null when none was asked for; its daily series is {@link #BACKTEST_SERIES}. */
    public static final String BACKTEST = "backtest";
    public static final String BACKTEST_SERIES = "series";

    /** The top-level figures the service's summary (the {@code result} event, the runs list) keeps. */
    public static final List<String> SUMMARY = List.of(VAR, EXPECTED_SHORTFALL, VAR_STANDARD_ERROR,
            EXPECTED_SHORTFALL_STANDARD_ERROR, VAR_CONFIDENCE, PNL, INITIAL_VALUE, SIMULATIONS, HORIZON_DAYS, SEED,
            LEVELS, VARIANCE_REDUCTION, WARNINGS);

    private ResultDocument() {
    }
}
