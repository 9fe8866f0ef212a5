package dev.sparkvar.run;

import dev.sparkvar.ownership.PrivateFiles;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a run's driver configuration to its own conf folder, as the notebook wrote {@code $SPARK_HOME/conf}:
 * {@code metrics.properties} (GraphiteSink to the cluster's carbon, JvmSource) and {@code spark-defaults.conf}
 * (dynamic allocation with shuffle tracking, since there is no external shuffle service).
 */
@ApplicationScoped
public class DriverConfFiles {

    static final String METRICS = "metrics.properties";
    static final String DEFAULTS = "spark-defaults.conf";

    private final DriverConfig config;

    public DriverConfFiles(DriverConfig config) {
        this.config = config;
    }

    /** Writes both files into {@code confDir} for a driver whose metrics go to {@code carbonHost:carbonPort}. */
    public void write(Path confDir, String carbonHost, int carbonPort) {
        // 0700/0600: the defaults may carry operator-set conf (sparkvar.driver.conf.*)
        PrivateFiles.folder(confDir);
        PrivateFiles.write(confDir.resolve(METRICS), metricsProperties(carbonHost, carbonPort));
        PrivateFiles.write(confDir.resolve(DEFAULTS), sparkDefaults());
    }

    String metricsProperties(String carbonHost, int carbonPort) {
        return String.join("\n",
                "*.sink.graphite.class=org.apache.spark.metrics.sink.GraphiteSink",
                "*.sink.graphite.host=" + carbonHost,
                "*.sink.graphite.port=" + carbonPort,
                "*.sink.graphite.period=" + Math.max(1, config.metricsPeriod().toSeconds()),
                "*.sink.graphite.unit=seconds",
                "",
                "# Enable JvmSource for instance driver",
                "driver.source.jvm.class=org.apache.spark.metrics.source.JvmSource",
                "");
    }

    String sparkDefaults() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.dynamicAllocation.enabled", "true");
        conf.put("spark.dynamicAllocation.shuffleTracking.enabled", "true");
        conf.put("spark.dynamicAllocation.executorIdleTimeout", config.executorIdleTimeout().toSeconds() + "s");
        conf.put("spark.dynamicAllocation.schedulerBacklogTimeout", "1s");
        conf.put("spark.dynamicAllocation.sustainedSchedulerBacklogTimeout", "5s");
        // one executor asked for when the driver starts, not at its first task: the executor's JVM then starts
        // while the driver starts and reads its prices (the job starts before the workers are up, RunFlow)
        conf.put("spark.dynamicAllocation.initialExecutors", "1");
        conf.put("spark.dynamicAllocation.maxExecutors", String.valueOf(config.maxExecutors()));
        conf.put("spark.executor.cores", String.valueOf(config.executorCores()));
        conf.put("spark.executor.memory", config.executorMemory());
        conf.putAll(config.conf());
        return conf.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
