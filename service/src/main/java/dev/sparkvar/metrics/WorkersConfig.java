package dev.sparkvar.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the worker-registration wait polls Graphite. */
@ConfigMapping(prefix = "sparkvar.workers")
public interface WorkersConfig {

    /** Pause between two {@code master.aliveWorkers} queries. Default 1s, as in the notebook. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Give up after this long (the notebook waited forever). Default 5m. */
    @WithDefault("5m")
    Duration timeout();
}
