package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import dev.sparkvar.jobapi.ProgressReport;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The listener counts a phase's tasks and the reports are throttled to at most ten a second. */
class ProgressTrackerTests {
    /** A report and when it arrived. */
    record Timed(long nanos, ProgressReport event) {
    }

    @Test
    void countsTasksOfThePhaseAndThrottlesReports() {
        SparkSession spark = TestSpark.session();
        List<Timed> seen = new ArrayList<>();
        try (ProgressTracker tracker = new ProgressTracker(spark.sparkContext(),
                e -> seen.add(new Timed(System.nanoTime(), e)))) {
            tracker.enter(Phase.SIMULATING);
            JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1, 2, 3), 1).count();
            List<Integer> slices = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                slices.add(i);
            }
            // 120 tasks of ~15 ms on two cores: about a second of task-end events
            JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(slices, 120).foreach(i -> {
                Thread.sleep(15);
            });
            tracker.enter(Phase.AGGREGATING);
            tracker.finish();
        }
        List<ProgressReport> simulating = seen.stream().map(Timed::event)
                .filter(e -> e.phase().equals("simulating")).toList();
        ProgressReport last = simulating.get(simulating.size() - 1);
        assertEquals(121, last.tasksTotal(), "1 + 120 tasks submitted in the phase");
        assertEquals(121, last.tasksDone());
        assertEquals(Phase.AGGREGATING.start(), last.percent(), "the phase's full share once it ends");
        assertEquals(0, simulating.get(0).tasksTotal(), "first report when the phase starts");
        // throttle: between the first and the last report of the phase, at most one per 100 ms
        List<Timed> inner = seen.stream().filter(t -> t.event().phase().equals("simulating")).toList();
        inner = inner.subList(1, inner.size() - 1);
        assertTrue(inner.size() >= 2, "a second of task events gives several throttled reports: " + inner);
        for (int i = 1; i < inner.size(); i++) {
            long gap = inner.get(i).nanos() - inner.get(i - 1).nanos();
            assertTrue(gap >= 95_000_000L, "reports " + gap / 1e6 + " ms apart");
        }
        double previous = -1;
        for (Timed t : seen) {
            assertTrue(t.event().percent() >= previous, t.toString());
            previous = t.event().percent();
        }
        assertEquals("done", seen.get(seen.size() - 1).event().phase());
        assertEquals(100.0, seen.get(seen.size() - 1).event().percent());
        assertEquals(null, spark.sparkContext().getLocalProperty(ProgressTracker.PHASE_PROPERTY));
    }
}
