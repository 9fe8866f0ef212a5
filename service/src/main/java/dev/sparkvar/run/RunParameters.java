package dev.sparkvar.run;

import java.util.List;
import java.util.Map;

/** A validated run request with its defaults applied: what the run records and the job receives. */
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
        Integer partitions) {

    /**
     * These parameters without the holdings map, for the {@code accepted} event: the run's record keeps its
     * parameters (with holdings) and its events, so holdings in the event too would be written twice per save.
     */
    RunParameters withoutHoldings() {
        return new RunParameters(simulations, horizonDays, levels, seed, sampleFraction, null, data, workers,
                clusterConfig, mode, masterUrl, partitions);
    }
}
