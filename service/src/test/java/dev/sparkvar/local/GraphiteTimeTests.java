package dev.sparkvar.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A render's {@code from}/{@code until}: a long or overflowing value is refused with a cut echo, never whole. */
class GraphiteTimeTests {

    static final long NOW = 1_800_000_000L;

    @Test
    void graphiteTimesAreRead() {
        assertEquals(NOW - 60, GraphiteRenderResource.time("-1min", 0, NOW, "from"));
        assertEquals(NOW, GraphiteRenderResource.time("now", 0, NOW, "from"));
        assertEquals(7, GraphiteRenderResource.time(null, 7, NOW, "from"));
        assertEquals(1_700_000_000L, GraphiteRenderResource.time("1700000000", 0, NOW, "until"));
    }

    @Test
    void longOrOverflowingValuesAreRefusedAndCut() {
        String digits = "9".repeat(3000);
        for (String value : new String[] {digits, "-" + digits + "s", "-99999999999999999w", "-" + "1".repeat(40) + "s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GraphiteRenderResource.time(value, 0, NOW, "from"));
            assertTrue(e.getMessage().startsWith("from="), e.getMessage());
            assertTrue(e.getMessage().length() < 200, "echoed whole: " + e.getMessage().length() + " chars");
        }
    }
}
