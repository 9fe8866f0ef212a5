package dev.sparkvar.run;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default number of runs at once: bounded by cores and by memory for the per-run footprint, at least one. */
class RunCapacityTests {

    private static final long GIB = 1L << 30;

    @Test
    void theIssuesMachineTakesTwoRunsItsCoresBound() {
        assertEquals(2, RunCapacity.of(2, 24 * GIB, 1, 4 * GIB), "2 cores, 24 GiB, 4 GiB a run");
    }

    @Test
    void memoryBoundsABigCpu() {
        assertEquals(2, RunCapacity.of(16, 8 * GIB, 1, 4 * GIB));
        assertEquals(3, RunCapacity.of(16, 15 * GIB, 1, 4 * GIB), "whole runs only: 15 / 4 is 3");
    }

    @Test
    void runCoresDivideTheCores() {
        assertEquals(4, RunCapacity.of(8, 64 * GIB, 2, 4 * GIB));
        assertEquals(2, RunCapacity.of(5, 64 * GIB, 2, 4 * GIB));
    }

    @Test
    void atLeastOneRunEvenOnASmallMachine() {
        assertEquals(1, RunCapacity.of(1, GIB, 1, 4 * GIB));
        assertEquals(1, RunCapacity.of(1, 64 * GIB, 4, 4 * GIB));
    }

    @Test
    void aSetValueWinsOverTheMachine() {
        assertEquals(7, RunCapacity.maxRunning(config(Optional.of(7))));
    }

    @Test
    void thisMachinesDefaultFollowsItsCoresAndMemory() {
        long memory = RunCapacity.totalMemory();
        assertTrue(memory > GIB, "physical memory read from the OS bean: " + memory);
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.max(1, Math.min(cores, memory / (4 * GIB))), RunCapacity.maxRunning(config(Optional.empty())),
                cores + " cores, " + memory / GIB + " GiB");
    }

    private static AdmissionConfig config(Optional<Integer> maxRunning) {
        return AdmissionSettings.of(maxRunning, 10);
    }
}
