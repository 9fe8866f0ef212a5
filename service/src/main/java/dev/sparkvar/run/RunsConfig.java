package dev.sparkvar.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the runs feature: where runs are kept, limits and timeouts of the flow. */
@ConfigMapping(prefix = "sparkvar.runs")
public interface RunsConfig {

    /** Folder where each run is persisted as {@code <id>/run.json}. Default {@code data/runs}. */
    @WithDefault("data/runs")
    Path dir();

    /**
     * Base URL at which the job JVM reaches this service's callback endpoint. Default: this service's own address
     * as bound ({@code http://127.0.0.1:<port>}); set it when the job must go through another address.
     */
    Optional<URI> callbackUrl();

    /** Longest a job JVM may run before it is killed and the run fails. Default 1 hour. */
    @WithDefault("1h")
    Duration jobTimeout();

    /** Longest a cluster creation call may take. Default 2 minutes. */
    @WithDefault("2m")
    Duration createTimeout();

    /** Heap of the job's driver JVM. Default {@code 1g}. */
    @WithDefault("1g")
    String driverMemory();

    /** Lines of job output kept per run ({@code GET /runs/{id}/log}). Default 400. */
    @WithDefault("400")
    int logLines();

    /** Attempts to delete a run's cluster before giving up with a warning. Default 4. */
    @WithDefault("4")
    int deleteAttempts();

    /** How long a running job's cluster may be without its master or without any worker before the run fails. Default 60s. */
    @WithDefault("60s")
    Duration clusterLossGrace();

    /** How often the cluster of a running job is checked for its master and workers. Default 5s. */
    @WithDefault("5s")
    Duration livenessInterval();

    /** Pause between two passes of the reaper over clusters whose deletion failed; doubles per failure. Default 10s. */
    @WithDefault("10s")
    Duration reaperInterval();

    /** Longest pause between two deletion attempts of one cluster. Default 5m. */
    @WithDefault("5m")
    Duration reaperMaxBackoff();

    /** Interval of SSE comment heartbeats, so proxies keep streams open and gone clients are noticed. Default 15 s. */
    @WithDefault("15s")
    Duration heartbeat();

    /** Largest number of simulations a request may ask for. Default 10,000,000. */
    @WithDefault("10000000")
    int maxSimulations();

    /** Longest horizon in trading days a request may ask for. Default 260. */
    @WithDefault("260")
    int maxHorizonDays();

    /**
     * Most backtest dates a request may ask for ({@code backtestDays}). Default 2,520 (ten years of trading days):
     * the result carries a forecast per date, model and level, so this bounds its size.
     */
    @WithDefault("2520")
    int maxBacktestDays();

    /** Longest backtest estimation window a request may ask for ({@code estimationDays}). Default 2,520. */
    @WithDefault("2520")
    int maxEstimationDays();

    /**
     * Most tickers a request's {@code holdings} may name. Default 500 (the bundled sample has 30; a generated
     * 3,000-ticker data set still takes a portfolio of 500): each is checked against the data set before a cluster
     * is created, and the whole map is kept in the run's record.
     */
    @WithDefault("500")
    int maxHoldings();

    /** Most workers a request may ask for. Default 8. */
    @WithDefault("8")
    int maxWorkers();

    /** Most runs {@code GET /runs} lists, newest first; every kept run stays reachable by its id. Default 200. */
    @WithDefault("200")
    int keep();

    /** Which finished runs are kept, in memory and on disk ({@code sparkvar.runs.retention.*}). */
    Retention retention();

    /**
     * Events kept per run (its SSE replay and {@code run.json}); beyond it an event replaces the newest kept one of
     * its name. Default 500.
     */
    @WithDefault("500")
    @Min(10)
    int maxEvents();

    /** Progress events kept per run; beyond it a progress replaces the newest kept progress. Default 100. */
    @WithDefault("100")
    @Min(1)
    int maxProgressEvents();

    /**
     * Finished runs (completed, failed, cancelled, their cluster deleted) are pruned from memory and disk when they
     * are more than {@code count} or older than {@code max-age}; a queued or running run never is. Pruned at start
     * (before the kept runs are read), when a run is created and when one ends.
     */
    interface Retention {

        /** Most finished runs kept. Default 1000. */
        @WithDefault("1000")
        @Min(0)
        int count();

        /** Longest a finished run is kept after it finished. Default 30 days. */
        @WithDefault("30d")
        Duration maxAge();
    }
}
