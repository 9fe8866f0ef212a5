package dev.sparkvar.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.sparkvar.jobapi.RiskModel;
import dev.sparkvar.jobapi.VarianceReduction;

/**
 * The job's parsed command line; the defaults are the contract's ({@link dev.sparkvar.jobapi.RunDefaults}).
 *
 * @param data CSV or Parquet price file (or Parquet folder)
 * @param master Spark master URL
 * @param simulations number of Monte Carlo simulations
 * @param horizonDays trading days simulated
 * @param levels VaR levels, each in (0, 0.5), in the order given, without duplicates
 * @param seed master seed of every random draw
 * @param holdings JSON holdings file, or null for the notebook's random portfolio
 * @param sampleFraction fraction of tickers drawn for the random portfolio
 * @param partitions simulation partitions, or null for the default
 * @param bins histogram bins
 * @param output result JSON file, or null
 * @param callback callback base URL, or null
 * @param token bearer token for the callback, or null
 * @param sparkConf Spark settings: properties file first, then each {@code --conf}
 * @param appName Spark application name
 * @param models risk models to compute, in the order given, without duplicates ({@link RiskModel} keys);
 *               the first one fills the result's top-level figures
 * @param backtestDays dates of the backtest (0: no backtest)
 * @param estimationDays dates of each backtest forecast's estimation window
 * @param varianceReduction a {@link VarianceReduction} key: none (plain sampling) or importance
 */
public record JobArgs(
        Path data,
        String master,
        int simulations,
        int horizonDays,
        List<Double> levels,
        long seed,
        Path holdings,
        double sampleFraction,
        Integer partitions,
        int bins,
        Path output,
        String callback,
        String token,
        Map<String, String> sparkConf,
        String appName,
        List<String> models,
        int backtestDays,
        int estimationDays,
        String varianceReduction) {


    public JobArgs {
        levels = List.copyOf(levels);
        sparkConf = Map.copyOf(sparkConf);
        models = List.copyOf(models);
    }
}
