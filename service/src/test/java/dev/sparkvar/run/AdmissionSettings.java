package dev.sparkvar.run;

import io.quarkus.runtime.configuration.MemorySize;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/** {@link AdmissionConfig} as plain values, for the unit tests of admission and capacity. */
record AdmissionSettings(Optional<Integer> maxRunning, int queueSize, MemorySize runMemory, int runCores,
        Duration expectedRunTime) implements AdmissionConfig {

    /** The documented defaults (4 GiB and one core per run, 60 s expected), with this limit and queue. */
    static AdmissionSettings of(Optional<Integer> maxRunning, int queueSize) {
        return new AdmissionSettings(maxRunning, queueSize, new MemorySize(BigInteger.valueOf(4L << 30)), 1,
                Duration.ofSeconds(60));
    }
}
