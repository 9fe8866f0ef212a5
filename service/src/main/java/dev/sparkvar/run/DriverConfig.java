package dev.sparkvar.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/**
 * How the job's driver is configured on an ephemeral cluster, as the notebook does: Graphite metrics to the
 * cluster's carbon, and dynamic allocation so that the elastic-worker loop sees a backlog.
 */
@ConfigMapping(prefix = "sparkvar.driver")
public interface DriverConfig {

    /** GraphiteSink period. Default 5 s (the notebook's). */
    @WithDefault("5s")
    Duration metricsPeriod();

    /** {@code spark.dynamicAllocation.executorIdleTimeout}. Default 300 s (the notebook's). */
    @WithDefault("300s")
    Duration executorIdleTimeout();

    /** {@code spark.dynamicAllocation.maxExecutors}. Default 4 (the notebook's). */
    @WithDefault("4")
    int maxExecutors();

    /** {@code spark.executor.cores}: set, or one executor takes every core of a worker. Default 1. */
    @WithDefault("1")
    int executorCores();

    /** {@code spark.executor.memory}. Default 512m. */
    @WithDefault("512m")
    String executorMemory();

    /** Any other Spark settings for the driver, e.g. {@code sparkvar.driver.conf."spark.ui.enabled"=false}. */
    Map<String, String> conf();
}
