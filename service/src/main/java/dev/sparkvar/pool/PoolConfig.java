package dev.sparkvar.pool;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/** The warm pool: how many ready slots it keeps, how long one may wait idle, how it retries. */
@ConfigMapping(prefix = "sparkvar.pool")
public interface PoolConfig {

    /**
     * Slots kept ready (each one cluster and one warm job JVM, held while idle). Default: 1 on the embedded default,
     * 0 against a real oshinko server (not measured there yet: its clusters are pods, whose idle cost is a
     * deployment's decision). 0 turns the pool off.
     */
    OptionalInt size();

    /** How long a ready slot may wait for a run before it is retired (job stopped, cluster deleted) and replaced. Default 10m. */
    @WithDefault("10m")
    Duration idleTime();

    /** Longest a slot may take from its cluster's create to its job's {@code ready}; then it is given up. Default 5m. */
    @WithDefault("5m")
    Duration fillTimeout();

    /** Pause after a slot failed to fill before the next attempt. Default 30s. */
    @WithDefault("30s")
    Duration retryDelay();

    /** How often the pool looks at its slots (idle, dead, missing). Default 1s. */
    @WithDefault("1s")
    Duration checkInterval();

    /** Folder of the slots' records and work folders. Default: {@code .pool} in the runs folder. */
    @WithDefault("${sparkvar.runs.dir:data/runs}/.pool")
    Path dir();
}
