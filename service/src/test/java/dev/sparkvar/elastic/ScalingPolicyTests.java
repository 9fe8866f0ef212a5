package dev.sparkvar.elastic;

import dev.sparkvar.elastic.ScalingPolicy.Bounds;
import dev.sparkvar.elastic.ScalingPolicy.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy tick by tick, as the original daemon ran (oshinko.md §2: 5 s ticks, 30 s window = 6 samples, the
 * cluster's desired workerCount updated by each PUT), plus the bounds and the executors-to-workers conversion.
 */
class ScalingPolicyTests {

    /**
     * Each row: executors per worker, bounds, the cluster's starting workerCount, the drivers' summed
     * numberTargetExecutors at each tick, and the workerCount after each tick.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                          | per worker | min | max | start | executors per tick     | workerCount after each tick
            scale up at once                                 | 1 | 1 | 100 | 1 | 4                      | 4
            steady load, no change                           | 1 | 1 | 100 | 2 | 2 2 2                  | 2 2 2
            halving scale-down once the window drops         | 1 | 1 | 100 | 1 | 4 0 0 0 0 0 0 0 0      | 4 4 4 4 4 4 2 1 1
            never 0: idle drivers keep one worker            | 1 | 1 | 100 | 1 | 0 0 0 0 0 0 0          | 1 1 1 1 1 1 1
            no scale-down before the window is full          | 1 | 1 | 100 | 5 | 1 1 1 1 1 1 1 1 1      | 5 5 5 5 5 3 2 1 1
            a burst inside the window holds the size         | 1 | 1 | 100 | 1 | 3 0 0 2 0 0 0 0 0 0    | 3 3 3 3 3 3 2 2 2 1
            scale up again during a scale-down               | 1 | 1 | 100 | 1 | 6 0 0 0 0 0 0 0 5      | 6 6 6 6 6 6 3 2 5
            maxWorkers caps the scale-up                     | 1 | 1 | 3   | 1 | 10 10                  | 3 3
            minWorkers raises an idle cluster at once        | 1 | 2 | 8   | 1 | 0 0                    | 2 2
            scale-down stops at minWorkers                   | 1 | 2 | 8   | 6 | 0 0 0 0 0 0 0 0 0      | 6 6 6 6 6 4 3 2 2
            start above maxWorkers shrinks after the window  | 1 | 1 | 2   | 5 | 1 1 1 1 1 1 1 1        | 5 5 5 5 5 3 2 1
            2 executors per worker: 4 executors, 2 workers   | 2 | 1 | 100 | 1 | 4 4                    | 2 2
            2 executors per worker: 5 executors, 3 workers   | 2 | 1 | 100 | 1 | 1 5                    | 1 3
            """)
    void tickByTick(String name, int perWorker, int min, int max, int start, String executors, String expected) {
        ScalingPolicy policy = new ScalingPolicy(6, perWorker);
        Bounds bounds = new Bounds(min, max);
        List<Integer> window = List.of();
        int workerCount = start;
        List<Integer> after = new ArrayList<>();
        for (double e : Arrays.stream(executors.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray()) {
            window = policy.push(window, policy.workersFor(e));
            Decision d = policy.decide(window, workerCount, bounds);
            assertEquals(workerCount, d.from());
            assertTrue(d.to() >= 1, "never asks for 0: " + d);
            assertTrue(d.to() >= min && (d.to() <= max || d.to() <= d.from()), "within bounds (or shrinking toward them): " + d);
            workerCount = d.to(); // oshinko's desired workerCount after the PUT
            after.add(workerCount);
        }
        assertEquals(expected.trim(), String.join(" ", after.stream().map(String::valueOf).toList()), name);
    }

    @ParameterizedTest(name = "{0} executors at {1} per worker = {2} workers")
    @CsvSource({
            "0, 1, 1", "0, 2, 1", "1, 1, 1", "4, 1, 4", "1, 2, 1", "2, 2, 1", "3, 2, 2", "4, 2, 2", "5, 2, 3",
            "8, 4, 2", "9, 4, 3", "0.5, 2, 1", "-1, 2, 1", "NaN, 2, 1"})
    void executorsToWorkers(double executors, int perWorker, int workers) {
        assertEquals(workers, new ScalingPolicy(6, perWorker).workersFor(executors));
    }

    @ParameterizedTest(name = "window {0} at one sample per {1} = {2} samples")
    @CsvSource({"30s, 5s, 6", "5s, 1s, 5", "7s, 5s, 2", "1s, 5s, 1", "0s, 5s, 1"})
    void windowSamples(String window, String interval, int samples) {
        assertEquals(samples, ScalingPolicy.samples(duration(window), duration(interval)));
    }

    @ParameterizedTest(name = "cluster {0}..{1}, global {2}..{3} -> {4}..{5}")
    @CsvSource(nullValues = "-", value = {
            "-, -, 1, 8, 1, 8", "2, 4, 1, 8, 2, 4", "-, 4, 1, 8, 1, 4", "3, -, 1, 8, 3, 8", "6, 4, 1, 8, 4, 4",
            "-, 2, 3, 8, 2, 2", "0, 0, 1, 8, 1, 8"})
    void boundsFromClusterConfigElseGlobal(Integer clusterMin, Integer clusterMax, int globalMin, int globalMax,
            int min, int max) {
        assertEquals(new Bounds(min, max), Bounds.of(clusterMin, clusterMax, globalMin, globalMax));
    }

    @Test
    void windowKeepsTheNewestSamples() {
        ScalingPolicy policy = new ScalingPolicy(3, 1);
        List<Integer> window = List.of();
        for (int s : new int[] {5, 1, 2, 3}) {
            window = policy.push(window, s);
        }
        assertEquals(List.of(1, 2, 3), window);
        assertThrows(UnsupportedOperationException.class, List.copyOf(window)::clear);
    }

    @Test
    void reasonsSayWhy() {
        ScalingPolicy policy = new ScalingPolicy(2, 2);
        Decision up = policy.decide(List.of(5), 1, new Bounds(1, 4));
        assertEquals(4, up.to());
        assertTrue(up.reason().startsWith("scale up: drivers want 5 workers"), up.reason());
        assertTrue(up.reason().contains("capped at maxWorkers 4"), up.reason());
        assertTrue(up.reason().contains("2 executors per worker"), up.reason());

        Decision early = policy.decide(List.of(1), 4, new Bounds(1, 4));
        assertFalse(early.changes());
        assertTrue(early.reason().contains("window not full yet (1 of 2 samples)"), early.reason());

        Decision down = policy.decide(List.of(1, 1), 4, new Bounds(1, 4));
        assertEquals(2, down.to());
        assertTrue(down.reason().startsWith("scale down by half the gap toward 1"), down.reason());
    }

    @Test
    void badArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Bounds(0, 3)).getMessage()
                .contains("minWorkers must be at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Bounds(3, 2)).getMessage()
                .contains("maxWorkers (2) is below minWorkers (3)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ScalingPolicy(0, 1)).getMessage()
                .contains("window"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ScalingPolicy(6, 0)).getMessage()
                .contains("executors per worker"));
        assertThrows(IllegalArgumentException.class, () -> new ScalingPolicy(6, 1).decide(List.of(), 1, new Bounds(1, 2)));
    }

    private static Duration duration(String s) {
        return Duration.parse("PT" + s.toUpperCase());
    }
}
