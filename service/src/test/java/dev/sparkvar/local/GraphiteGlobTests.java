package dev.sparkvar.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graphite's glob, matched without backtracking: the language, the errors, and a cost bounded by the sizes. */
class GraphiteGlobTests {

    @Test
    void starAndQuestionMarkStayWithinOnePathSegment() {
        assertTrue(GraphiteGlob.compile("*.driver.x").matches("app-1.driver.x"));
        assertFalse(GraphiteGlob.compile("*.x").matches("a.b.x"));
        assertTrue(GraphiteGlob.compile("master.{aliveWorkers,workers}").matches("master.workers"));
        assertFalse(GraphiteGlob.compile("master.aliveWorkers").matches("masterXaliveWorkers"), "dots are literal");
        assertTrue(GraphiteGlob.compile("app-?.x").matches("app-1.x"));
        assertFalse(GraphiteGlob.compile("app-?.x").matches("app-12.x"));
        assertTrue(GraphiteGlob.compile("w[0-9].[!a]").matches("w7.b"));
        assertFalse(GraphiteGlob.compile("w[0-9].[!a]").matches("w7.a"));
        assertTrue(GraphiteGlob.compile("a*b*c").matches("abc"));
        assertTrue(GraphiteGlob.compile("a*b*c").matches("axxbyyc"));
        assertFalse(GraphiteGlob.compile("a*b*c").matches("axxbyy"));
    }

    @Test
    void badTargetsAreNamed() {
        assertEquals("has an unclosed '{'", assertThrows(IllegalArgumentException.class,
                () -> GraphiteGlob.compile("a.{b,c")).getMessage());
        assertEquals("has an unclosed '['", assertThrows(IllegalArgumentException.class,
                () -> GraphiteGlob.compile("a.[bc")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> GraphiteGlob.compile("a.{b,{c,d}}"));
        assertThrows(IllegalArgumentException.class, () -> GraphiteGlob.compile("a.{x,[,]}"));
        assertThrows(IllegalArgumentException.class, () -> GraphiteGlob.compile("x".repeat(GraphiteGlob.MAX_LENGTH + 1)));
        assertThrows(IllegalArgumentException.class, () -> GraphiteGlob.compile("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> GraphiteGlob.compile("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"));
    }

    @Test
    @Timeout(10) // a hang guard only: the bound below is the assertion
    void costIsBoundedByNameTimesPatternWhateverThePattern() {
        String name = "master." + "a".repeat(200);
        for (String target : new String[] {"master." + "*".repeat(40) + "z", "master." + "*a".repeat(40) + "z"}) {
            GraphiteGlob glob = GraphiteGlob.compile(target);
            assertFalse(glob.matches(name));
            long steps = -1 - glob.cost(name);
            int tokens = target.length() - "master.".length();
            long bound = (long) (name.length() + 1) * (2L * tokens + 1) + 16;
            assertTrue(steps <= bound, steps + " steps > " + bound);
        }
    }
}
