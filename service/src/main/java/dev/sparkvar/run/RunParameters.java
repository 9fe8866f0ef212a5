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
}
