package dev.sparkvar.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long a Graphite render query may take. */
@ConfigMapping(prefix = "sparkvar.graphite")
public interface GraphiteConfig {

    /** Time limit of one render query, connection included. Default 5s. */
    @WithDefault("5s")
    Duration timeout();
}
