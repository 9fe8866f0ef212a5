package dev.sparkvar.local;

import dev.sparkvar.oshinko.ClusterConfig;
import dev.sparkvar.cluster.ClusterConflictException;
import dev.sparkvar.problem.LogSafe;

import java.util.Map;

/**
 * Oshinko's ([F]) config resolution: hard defaults, then the {@code default} config, then the named config
 * (which must exist), then the request's own fields; then the same validation and 409 texts.
 */
public final class ClusterConfigResolver {

    /** The config oshinko falls back to, and whose absence is not an error. */
    public static final String DEFAULT_CONFIG = "default";
    static final String TITLE = "cannot create cluster";

    private final NamedConfigs configs;

    public ClusterConfigResolver(NamedConfigs configs) {
        this.configs = configs;
    }

    /** The merged config and the Spark properties of master and workers. */
    public record Resolved(ClusterConfig config, Map<String, String> masterSpark, Map<String, String> workerSpark) {
    }

    /** Resolves a request's config; a config error is a {@link ClusterConflictException} with oshinko's words. */
    public Resolved resolve(ClusterConfig request, String title) {
        Builder b = new Builder();
        configs.find(DEFAULT_CONFIG).ifPresent(map -> b.apply(DEFAULT_CONFIG, map, title));
        String named = request == null ? null : request.name();
        if (named != null && !named.isEmpty()) {
            Map<String, String> map = configs.find(named).orElseThrow(
                    () -> invalid(title, "named config '" + LogSafe.of(named, 80) + "' does not exist"));
            b.name = named;
            b.apply(named, map, title);
        }
        if (request != null) {
            b.override(request);
        }
        if (b.masterCount != 1) {
            throw invalid(title, "cluster configuration must have a masterCount of 1");
        }
        if (b.workerCount < 1) {
            throw invalid(title, "cluster configuration may not have a workerCount less than 1");
        }
        if (b.minWorkers != null && b.minWorkers < 1) {
            throw invalid(title, "cluster configuration may not have a minWorkers less than 1");
        }
        if (b.minWorkers != null && b.maxWorkers != null && b.maxWorkers < b.minWorkers) {
            throw invalid(title, "cluster configuration may not have a maxWorkers (" + b.maxWorkers
                    + ") less than its minWorkers (" + b.minWorkers + ")");
        }
        Map<String, String> master = sparkConf(b.sparkMasterConfig, title);
        Map<String, String> worker = sparkConf(b.sparkWorkerConfig, title);
        return new Resolved(b.build(), master, worker);
    }

    private Map<String, String> sparkConf(String name, String title) {
        if (name == null || name.isEmpty()) {
            return Map.of();
        }
        return configs.find(name).orElseThrow(() -> invalid(title,
                "unable to find spark configuration '" + LogSafe.of(name, 80) + "'"));
    }

    static ClusterConflictException invalid(String title, String inner) {
        return new ClusterConflictException(title, "invalid cluster configuration, error: " + inner);
    }

    /** Mutable merge state, [F]'s hard defaults first. */
    private static final class Builder {
        String name = DEFAULT_CONFIG;
        int masterCount = 1;
        int workerCount = 1;
        String sparkMasterConfig = "";
        String sparkWorkerConfig = "";
        String sparkImage = "";
        String metricsEnable = "";
        String metricsCarbon = "docker.io/tmckay/carbon";
        String metricsGraphite = "docker.io/tmckay/graphite";
        String stareEnable = "";
        String stareImage = "docker.io/tmckay/scorpionstare";
        Integer minWorkers;
        Integer maxWorkers;

        void apply(String config, Map<String, String> map, String title) {
            map.forEach((key, value) -> {
                switch (key.toLowerCase()) {
                    case "mastercount" -> masterCount = integer(config, "mastercount", value, title);
                    case "workercount" -> workerCount = integer(config, "workercount", value, title);
                    case "minworkers" -> minWorkers = integer(config, "minworkers", value, title);
                    case "maxworkers" -> maxWorkers = integer(config, "maxworkers", value, title);
                    case "sparkmasterconfig" -> sparkMasterConfig = value;
                    case "sparkworkerconfig" -> sparkWorkerConfig = value;
                    case "sparkimage" -> sparkImage = value;
                    case "metrics.enable" -> metricsEnable = value;
                    case "metrics.carbon" -> metricsCarbon = value;
                    case "metrics.graphite" -> metricsGraphite = value;
                    case "scorpionstare.enable" -> stareEnable = value;
                    case "scorpionstare.image" -> stareImage = value;
                    default -> {
                        // [F] ignores unknown keys
                    }
                }
            });
        }

        private static int integer(String config, String key, String value, String title) {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw invalid(title, "'" + config + "." + key + "', expected integer");
            }
        }

        /** Request fields win when set (oshinko treats 0 and "" as unset). */
        void override(ClusterConfig r) {
            if (r.masterCount() != null && r.masterCount() != 0) {
                masterCount = r.masterCount();
            }
            if (r.workerCount() != null && r.workerCount() != 0) {
                workerCount = r.workerCount();
            }
            if (r.minWorkers() != null && r.minWorkers() != 0) {
                minWorkers = r.minWorkers();
            }
            if (r.maxWorkers() != null && r.maxWorkers() != 0) {
                maxWorkers = r.maxWorkers();
            }
            sparkMasterConfig = pick(r.sparkMasterConfig(), sparkMasterConfig);
            sparkWorkerConfig = pick(r.sparkWorkerConfig(), sparkWorkerConfig);
            sparkImage = pick(r.sparkImage(), sparkImage);
            if (r.metrics() != null) {
                metricsEnable = pick(r.metrics().enable(), metricsEnable);
                metricsCarbon = pick(r.metrics().carbon(), metricsCarbon);
                metricsGraphite = pick(r.metrics().graphite(), metricsGraphite);
            }
            if (r.scorpionstare() != null) {
                stareEnable = pick(r.scorpionstare().enable(), stareEnable);
                stareImage = pick(r.scorpionstare().image(), stareImage);
            }
        }

        private static String pick(String requested, String current) {
            return requested == null || requested.isEmpty() ? current : requested;
        }

        ClusterConfig build() {
            return new ClusterConfig(name, masterCount, workerCount, sparkMasterConfig, sparkWorkerConfig, sparkImage,
                    new ClusterConfig.Metrics(metricsEnable, metricsCarbon, metricsGraphite),
                    new ClusterConfig.ScorpionStare(stareEnable, stareImage), minWorkers, maxWorkers);
        }
    }
}
