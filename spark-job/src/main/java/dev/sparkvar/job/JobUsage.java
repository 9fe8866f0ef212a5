package dev.sparkvar.job;

import dev.sparkvar.jobapi.RiskModel;
import dev.sparkvar.jobapi.RunDefaults;
import dev.sparkvar.jobapi.VarianceReduction;

/** The job's {@code --help} text: every option, with the defaults and names read from the contract in job-api. */
public final class JobUsage {

    public static final String TEXT = """
            Usage: java -jar sparkvar-job.jar [options]
              --data PATH             CSV (with header) or Parquet file/folder with ticker,date,close
                                      (default: data/dowjones30.csv beside the jar)
              --master URL            Spark master (default %s)
              --simulations N         Monte Carlo simulations (default %d)
              --horizon-days D        trading days simulated (default %d)
              --levels L1,L2          VaR levels in (0, 0.5) (default %s)
              --seed S                master seed, a long (default %d = 0x%x, the notebook's)
              --holdings FILE         JSON {"TICKER": dollars}; otherwise a random portfolio:
              --sample-fraction F     fraction of tickers drawn, in (0, 1] (default %s, at least one)
              --partitions P          simulation partitions (default: from the cluster's parallelism)
              --bins B                histogram bins (default %d)
              --models M1,M2          risk models side by side: %s
                                      (default %s; the first one fills the top-level figures)
              --backtest-days D       backtest each model's one-day VaR over the last D common dates
                                      (default %d: no backtest)
              --estimation-days E     estimation window of each backtest forecast, in dates (default %d)
              --variance-reduction R  %s (default %s); importance: draws shifted towards the smallest
                                      level's losses, each path weighted by its likelihood ratio
              --output FILE           write the result JSON there
              --callback URL          POST progress, result and error JSON to URL/{progress,result,error}
              --token T               bearer token for the callback (default: $SPARKVAR_TOKEN, which keeps
                                      it off the command line that every local user can read)
              --conf KEY=VALUE        any Spark setting (repeatable; applied after --properties-file)
              --properties-file FILE  spark-defaults.conf format: "key value" or "key=value", # comments
              --app-name NAME         Spark application name (default %s)
              --help                  this text
            Setting spark.sparkvar.linger=DURATION (e.g. 30s, through --conf or the properties file) keeps
            the driver and its executors up that long after the result, e.g. to watch dynamic allocation.
            Exit codes: 0 success, 2 bad input, 1 any other failure.
            """.formatted(RunDefaults.MASTER, RunDefaults.SIMULATIONS, RunDefaults.HORIZON_DAYS,
            OptionValues.joined(RunDefaults.LEVELS), RunDefaults.SEED, RunDefaults.SEED, RunDefaults.SAMPLE_FRACTION,
            RunDefaults.BINS, RiskModel.names(), OptionValues.keys(RunDefaults.MODELS), RunDefaults.BACKTEST_DAYS,
            RunDefaults.ESTIMATION_DAYS, VarianceReduction.names(), RunDefaults.VARIANCE_REDUCTION.key(),
            RunDefaults.APP_NAME);

    private JobUsage() {
    }
}
