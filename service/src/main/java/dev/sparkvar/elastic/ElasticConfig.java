package dev.sparkvar.elastic;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The elastic-worker loop: whether it runs, how often, how far back it looks and its bounds. */
@ConfigMapping(prefix = "sparkvar.elastic")
public interface ElasticConfig {

    /**
     * Whether our loop scales clusters. Default: on with the embedded local backend, off with a real oshinko
     * server, whose own scorpion-stare sidecar already watches {@code scorpionstare.enable=true} clusters (two
     * loops on one cluster would fight).
     */
    Optional<Boolean> enabled();

    /** Time between two ticks (also set as the {@code @Scheduled} period). Default 5s, the original daemon's. */
    @WithDefault("5s")
    Duration interval();

    /** How far back the maximum is taken: {@code window / interval} samples. Default 30s, the original's. */
    @WithDefault("30s")
    Duration window();

    /** Fewest workers asked for when a cluster config sets no {@code minworkers}. Default 1 (never 0). */
    @WithDefault("1")
    int minWorkers();

    /** Most workers asked for when a cluster config sets no {@code maxworkers}. Default 8. */
    @WithDefault("8")
    int maxWorkers();

    /**
     * Executors one worker holds, to turn the drivers' executor target into workers. Default: the worker cores the
     * cluster backend reports (the embedded default's {@code sparkvar.local.worker-cores}) / {@link #executorCores()},
     * at least 1; a real oshinko server does not report its worker size, so set it there (else 1).
     */
    OptionalInt executorsPerWorker();

    /** Cores of one executor, to divide a worker's cores by. Default: {@code sparkvar.driver.executor-cores}. */
    @WithDefault("${sparkvar.driver.executor-cores:1}")
    int executorCores();

    /** First wait after an oshinko or Graphite error on a cluster; doubles on each further error. Default 5s. */
    @WithDefault("5s")
    Duration backoff();

    /** Longest wait between attempts on a failing cluster. Default 2m. */
    @WithDefault("2m")
    Duration maxBackoff();
}
