package dev.sparkvar.run;

import dev.sparkvar.jobapi.RunDefaults;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /runs}. Every field is optional: {@link RunParameters#from} applies the defaults (job-api's
 * {@link RunDefaults}). The constraints (here, and {@link RunRequestRules} for those that need the configuration or
 * more than one field) report every bad field at once; {@link RunRequestValidator} runs them and checks the data set.
 *
 * @param simulations    number of Monte Carlo simulations (default 10,000)
 * @param horizonDays    trading days simulated (default 5)
 * @param levels         VaR levels in (0, 0.5) (default [0.05])
 * @param seed           master seed (default: the job's fixed default, so runs repeat)
 * @param sampleFraction fraction of tickers in the random portfolio (default 0.01); not with {@code holdings}
 * @param holdings       explicit portfolio {ticker: dollars}; not with {@code sampleFraction}
 * @param data           data set name from {@code GET /datasets} (default: the bundled sample)
 * @param workers        workers of the ephemeral cluster (default: from the cluster config)
 * @param clusterConfig  oshinko stored config (default {@code clusterconfig})
 * @param mode           {@code ephemeral} (default), {@code master} or {@code local}
 * @param masterUrl      the Spark master for mode {@code master}
 * @param partitions     simulation partitions (default: the job's choice)
 * @param models         risk models computed side by side (default [independent]); the first fills the
 *                       top-level figures
 * @param backtestDays   dates of the one-day VaR backtest (default 0: none)
 * @param estimationDays dates of each backtest forecast's estimation window (default 250)
 * @param varianceReduction {@code none} (default: plain sampling) or {@code importance}
 */
@RunRequestRules
public record RunRequest(
        Integer simulations,
        Integer horizonDays,
        List<@VarLevel Double> levels,
        Long seed,
        Double sampleFraction,
        Map<String, Double> holdings,
        String data,
        Integer workers,
        String clusterConfig,
        String mode,
        String masterUrl,
        @Min(value = 1, message = PARTITIONS) @Max(value = RunDefaults.MAX_PARTITIONS, message = PARTITIONS)
        Integer partitions,
        List<String> models,
        Integer backtestDays,
        Integer estimationDays,
        String varianceReduction) {

    private static final String PARTITIONS = "must be between 1 and " + RunDefaults.MAX_PARTITIONS
            + ", was ${validatedValue}";

    /** A request without {@code varianceReduction} (plain sampling). */
    public RunRequest(Integer simulations, Integer horizonDays, List<Double> levels, Long seed, Double sampleFraction,
            Map<String, Double> holdings, String data, Integer workers, String clusterConfig, String mode,
            String masterUrl, Integer partitions, List<String> models, Integer backtestDays, Integer estimationDays) {
        this(simulations, horizonDays, levels, seed, sampleFraction, holdings, data, workers, clusterConfig, mode,
                masterUrl, partitions, models, backtestDays, estimationDays, null);
    }

    /** An empty request: every default. */
    public static RunRequest defaults() {
        return new RunRequest(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }
}
