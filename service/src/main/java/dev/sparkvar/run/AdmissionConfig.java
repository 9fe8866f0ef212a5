package dev.sparkvar.run;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Admission control ({@code sparkvar.admission.*}): how many runs may hold a cluster (and a driver JVM) at once,
 * how many may wait for one, and the footprint the default is derived from.
 */
@ConfigMapping(prefix = "sparkvar.admission")
public interface AdmissionConfig {

    /**
     * Most runs that hold a cluster at once; the others wait in a FIFO queue. Default: derived from this machine,
     * {@code max(1, min(cores / run-cores, memory / run-memory))} ({@link RunCapacity}), 2 on a 2-core 24 GiB host.
     */
    Optional<Integer> maxRunning();

    /** Most runs that may wait for admission; beyond it {@code POST /runs} answers 429. Default 10. */
    @WithDefault("10")
    int queueSize();

    /**
     * What one run takes of this machine's memory: master, worker, executors and the job's driver JVM (about 1 GiB
     * each as configured, plus JVM overhead). Default {@code 4g}.
     */
    @WithDefault("4g")
    MemorySize runMemory();

    /** What one run takes of this machine's cores. Default 1: a run is mostly one busy executor at a time. */
    @WithDefault("1")
    int runCores();

    /** A run's typical wall time, to estimate {@code Retry-After} for a full queue. Default 60 s. */
    @WithDefault("60s")
    Duration expectedRunTime();
}
