package dev.sparkvar.run;

import java.util.List;
import java.util.Map;

/**
 * A validated run request with its defaults applied: what the run records and the job receives.
 *
 * @param models         risk models, in the order asked, without duplicates
 * @param backtestDays   dates of the backtest, 0 for none
 * @param estimationDays dates of each backtest forecast's estimation window
 * @param varianceReduction plain sampling or importance sampling
 */
public record RunParameters(
        int simulations,
        int horizonDays,
        List<Double> levels,
        Long seed,
        Double sampleFraction,
        Map<String, Double> holdings,
        String data,
        Integer workers,
        String clusterConfig,
        ClusterMode mode,
        String masterUrl,
        Integer partitions,
        List<RiskModel> models,
        int backtestDays,
        int estimationDays,
        VarianceReduction varianceReduction) {

    /** Parameters with plain sampling. */
    public RunParameters(int simulations, int horizonDays, List<Double> levels, Long seed, Double sampleFraction,
            Map<String, Double> holdings, String data, Integer workers, String clusterConfig, ClusterMode mode,
            String masterUrl, Integer partitions, List<RiskModel> models, int backtestDays, int estimationDays) {
        this(simulations, horizonDays, levels, seed, sampleFraction, holdings, data, workers, clusterConfig, mode,
                masterUrl, partitions, models, backtestDays, estimationDays, VarianceReduction.NONE);
    }

    public RunParameters {
        // Runs saved before importance sampling existed have none in their run.json: they sampled plainly.
        varianceReduction = varianceReduction == null ? VarianceReduction.NONE : varianceReduction;
        // Runs saved before models existed have none in their run.json: they ran the independent model only.
        models = models == null || models.isEmpty() ? List.of(RiskModel.INDEPENDENT) : List.copyOf(models);
        if (estimationDays == 0) {
            estimationDays = ModelOptions.DEFAULT_ESTIMATION_DAYS;
        }
    }

    /**
     * These parameters without the holdings map, for the {@code accepted} event: the run's record keeps its
     * parameters (with holdings) and its events, so holdings in the event too would be written twice per save.
     */
    RunParameters withoutHoldings() {
        return new RunParameters(simulations, horizonDays, levels, seed, sampleFraction, null, data, workers,
                clusterConfig, mode, masterUrl, partitions, models, backtestDays, estimationDays, varianceReduction);
    }
}
