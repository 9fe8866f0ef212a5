package dev.sparkvar.ownership;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** Where the service records what it starts, so that a restart can find and stop what a crash left behind. */
@ConfigMapping(prefix = "sparkvar.ownership")
public interface OwnershipConfig {

    /** Folder of the ledger, one small JSON file per process we started. Default: {@code .owned} in the runs folder. */
    @WithDefault("${sparkvar.runs.dir:data/runs}/.owned")
    Path dir();

    /** How long a swept process gets after SIGTERM before SIGKILL. Default 10s. */
    @WithDefault("10s")
    Duration stopGrace();
}
