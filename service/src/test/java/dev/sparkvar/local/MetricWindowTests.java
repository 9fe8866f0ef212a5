package dev.sparkvar.local;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded Graphite's storage and query rules: globbing, bounds, Graphite time syntax. */
class MetricWindowTests {

    @Test
    void windowIsBoundedByCountAndByNumberOfMetrics() {
        MetricWindow window = new MetricWindow(Duration.ofMinutes(10), 3, 2);
        long now = MetricWindow.nowSeconds();
        for (int i = 0; i < 5; i++) {
            assertTrue(window.add("a", i, now - 5 + i));
        }
        assertTrue(window.add("b", 1, now));
        assertFalse(window.add("c", 1, now), "a third metric is dropped");
        Map<String, List<MetricWindow.Point>> a = window.query(GraphiteGlob.compile("a"), now - 60, now);
        assertEquals(List.of(2.0, 3.0, 4.0), a.get("a").stream().map(MetricWindow.Point::value).toList());
        assertEquals(List.of("a", "b"), window.names());
    }

    @Test
    void pointsOlderThanTheWindowAreForgotten() {
        MetricWindow window = new MetricWindow(Duration.ofSeconds(60), 100, 10);
        long now = MetricWindow.nowSeconds();
        window.add("a", 1, now - 120);
        window.add("a", 2, now);
        assertEquals(List.of(2.0), window.query(GraphiteGlob.compile("a"), 0, now).get("a").stream().map(MetricWindow.Point::value).toList());
    }

    @Test
    void graphiteTimeSyntax() {
        long now = 1_000_000;
        assertEquals(now - 60, GraphiteRenderResource.time("-1min", 0, now, "from"));
        assertEquals(now - 30, GraphiteRenderResource.time("-30s", 0, now, "from"));
        assertEquals(now - 7200, GraphiteRenderResource.time("-2h", 0, now, "from"));
        assertEquals(now, GraphiteRenderResource.time("now", 0, now, "until"));
        assertEquals(123, GraphiteRenderResource.time("123", 0, now, "from"));
        assertEquals(42, GraphiteRenderResource.time(null, 42, now, "from"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraphiteRenderResource.time("yesterday", 0, now, "from"));
        assertEquals("from=yesterday is not a Graphite time (expected e.g. -1min, -30s, now or epoch seconds)", e.getMessage());
    }
}
