package dev.sparkvar.elastic;

import dev.sparkvar.cluster.BackOff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One pass at a time per cluster, and the doubling, capped back-off after errors. */
class ClusterWatchTests {

    private static final long S = 1_000_000_000L;
    private static final BackOff BACK_OFF = new BackOff(Duration.ofSeconds(5), Duration.ofMinutes(2));

    @Test
    void onePassAtATime() {
        ClusterWatch w = new ClusterWatch();
        assertTrue(w.tryStart(0));
        assertFalse(w.tryStart(1), "a second pass while the first runs is skipped");
        w.release();
        assertTrue(w.tryStart(2));
    }

    @Test
    void backOffDoublesUpToTheCapAndEndsOnSuccess() {
        ClusterWatch w = new ClusterWatch();
        List<Long> waits = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 7; i++) {
            assertTrue(w.tryStart(now));
            Duration wait = w.failed(now, BACK_OFF);
            w.release();
            waits.add(wait.toSeconds());
            assertFalse(w.tryStart(now + wait.toNanos() - 1), "no pass before the back-off ends");
            now += wait.toNanos();
        }
        assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 120L, 120L), waits);
        assertTrue(w.tryStart(now));
        w.succeeded();
        w.release();
        assertTrue(w.tryStart(now + 1), "after a success the next tick runs at once");
        w.release();
        assertEquals(Duration.ofSeconds(5), w.failed(now, BACK_OFF),
                "and a new error starts from the first wait again");
        assertFalse(w.tryStart(now + 4 * S));
        assertTrue(w.tryStart(now + 5 * S));
    }
}
