package dev.sparkvar.cds;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** Class data sharing for the Spark JVMs the service starts ({@link ClassArchives}; README, "Class data sharing"). */
@ConfigMapping(prefix = "sparkvar.class-sharing")
public interface ClassSharingConfig {

    /**
     * Whether the Spark master, workers, executors (on the embedded default) and the job driver start from a
     * class-sharing archive, made by the first process of each kind. Default false (opt-in): on the 2-core machine
     * here, making the archives (every first JVM of a kind writes 40-60 MB at its exit) slowed the quick start while
     * the warm pool filled and the elastic loop added a worker (README, "Class data sharing").
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * The archives' folder, this service's alone (created 0700; refused when a link, another user's or writable by
     * others: then the JVMs start without archives). About 40-60 MB per process kind. Default {@code <runs dir>/.cds}.
     */
    @WithDefault("${sparkvar.runs.dir:data/runs}/.cds")
    Path dir();

    /**
     * How long an archive being made may take to appear (its JVM writes it when it exits) before another process
     * of that kind is asked to make it. Default 10m.
     */
    @WithDefault("10m")
    Duration makeTimeout();
}
