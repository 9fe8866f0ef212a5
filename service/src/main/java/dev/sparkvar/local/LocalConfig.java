package dev.sparkvar.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The embedded local backend: where clusters live, how big workers are, how long starts and stops may take. */
@ConfigMapping(prefix = "sparkvar.local")
public interface LocalConfig {

    /**
     * Folder of named configs mirroring oshinko's ConfigMaps, one {@code <name>.properties} per ConfigMap;
     * names not found there fall back to the shipped {@code local-config/} on the classpath. Default: none.
     */
    Optional<Path> configDir();

    /**
     * Parent folder of each cluster's work folder (logs, SPARK_LOCAL_DIRS, worker dirs). Default: {@code .local} in the
     * runs folder, under the data folder. It must be this service's user's alone: created 0700 when absent, and the
     * service refuses to start when it is a symbolic link, another user's, or writable by others (a predictable
     * {@code /tmp} name could be made by anyone first).
     */
    @WithDefault("${sparkvar.runs.dir:data/runs}/.local")
    Path workDir();

    /** Cores each local Worker offers. Default 2. */
    @WithDefault("2")
    int workerCores();

    /** Memory each local Worker offers to executors (Spark size, e.g. 1g). Default 1g. */
    @WithDefault("1g")
    String workerMemory();

    /** Most Workers one local cluster may have (each is a JVM here). Default 8. */
    @WithDefault("8")
    int maxWorkers();

    /** Heap of the Master and Worker daemons themselves (-Xmx). Default 256m. */
    @WithDefault("256m")
    String daemonHeap();

    /**
     * GraphiteSink period of the local Master, in seconds. Default 1: tests and the worker wait see a change
     * within a second (oshinko's example used 10 s; the notebook's driver 5 s).
     */
    @WithDefault("1")
    int masterMetricsPeriod();

    /** How long create waits for the Master's RPC port to accept connections. Default 60s. */
    @WithDefault("60s")
    Duration startTimeout();

    /** How often dead Workers are looked for and replaced. Default 5s. */
    @WithDefault("5s")
    Duration watchInterval();

    /** How long a process gets to exit after SIGTERM before it is killed. Default 10s. */
    @WithDefault("10s")
    Duration stopTimeout();

    /** The embedded Graphite's limits. */
    Graphite graphite();

    /** Bounds of each cluster's in-memory metric window. */
    interface Graphite {

        /** Age of the oldest point kept. Default 10m. */
        @WithDefault("10m")
        Duration window();

        /** Points kept per metric. Default 1200 (10 min at one point per 0.5 s). */
        @WithDefault("1200")
        int maxPointsPerMetric();

        /** Metrics kept per cluster; further names are dropped. Default 10000. */
        @WithDefault("10000")
        int maxMetrics();
    }
}
