package dev.sparkvar.run;

import dev.sparkvar.jobapi.RiskModel;
import dev.sparkvar.jobapi.RunDefaults;
import dev.sparkvar.jobapi.VarianceReduction;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
                masterUrl, partitions, models, backtestDays, estimationDays, RunDefaults.VARIANCE_REDUCTION);
    }

    /**
     * The one place a request's defaults apply (job-api's {@link RunDefaults}, the job's own): a valid request
     * ({@link RunRequestValidator}) and its data set's name, resolved. Models keep their order, without duplicates.
     */
    static RunParameters from(RunRequest r, String data) {
        List<RiskModel> models = r.models() == null ? RunDefaults.MODELS : List.copyOf(new LinkedHashSet<>(
                r.models().stream().map(RiskModel::of).filter(Objects::nonNull).toList()));
        return new RunParameters(
                r.simulations() == null ? RunDefaults.SIMULATIONS : r.simulations(),
                r.horizonDays() == null ? RunDefaults.HORIZON_DAYS : r.horizonDays(),
                r.levels() == null ? RunDefaults.LEVELS : List.copyOf(r.levels()),
                r.seed(),
                r.holdings() != null ? null : r.sampleFraction() == null ? RunDefaults.SAMPLE_FRACTION : r.sampleFraction(),
                r.holdings() == null ? null : Map.copyOf(r.holdings()),
                data,
                r.workers(),
                r.clusterConfig() == null ? RunRequestValidator.DEFAULT_CLUSTER_CONFIG : r.clusterConfig(),
                r.mode() == null ? ClusterMode.EPHEMERAL : ClusterMode.of(r.mode()),
                r.masterUrl(),
                r.partitions(),
                models,
                r.backtestDays() == null ? RunDefaults.BACKTEST_DAYS : r.backtestDays(),
                r.estimationDays() == null ? RunDefaults.ESTIMATION_DAYS : r.estimationDays(),
                r.varianceReduction() == null ? RunDefaults.VARIANCE_REDUCTION : VarianceReduction.of(r.varianceReduction()));
    }

    public RunParameters {
        // Runs saved before importance sampling existed have none in their run.json: they sampled plainly.
        varianceReduction = varianceReduction == null ? RunDefaults.VARIANCE_REDUCTION : varianceReduction;
        // Runs saved before models existed have none in their run.json: they ran the independent model only.
        models = models == null || models.isEmpty() ? RunDefaults.MODELS : List.copyOf(models);
        if (estimationDays == 0) {
            estimationDays = RunDefaults.ESTIMATION_DAYS;
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
