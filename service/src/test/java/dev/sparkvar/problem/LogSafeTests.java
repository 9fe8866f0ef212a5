package dev.sparkvar.problem;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request values made fit for a log line or a message: nothing ends a line, nothing long comes back whole. */
class LogSafeTests {

    @Test
    void aPlainShortValueIsKeptAsItIs() {
        assertEquals("nosuchrun000", LogSafe.of("nosuchrun000"));
        assertEquals("42", LogSafe.of(42));
        assertEquals("null", LogSafe.of(null));
    }

    @Test
    void lineBreaksAndControlCharactersAreEscapedSoNoLineCanBeForged() {
        assertEquals("abc\\nINFO forged", LogSafe.of("abc\nINFO forged"));
        assertEquals("a\\rb\\tc\\\\d", LogSafe.of("a\rb\tc\\d"));
        assertEquals("a\\u0000b\\u001bc\\u007fd\\u0085e", LogSafe.of("a\u0000b\u001bc\u007fd\u0085e"));
        assertEquals("a\\u2028b\\u2029c", LogSafe.of("a\u2028b\u2029c"));
        String escaped = LogSafe.of("x\n\r\u2028\u0000y");
        assertFalse(escaped.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028'), escaped);
    }

    @Test
    void aLongValueIsCutAndTheRestCounted() {
        String id = "x".repeat(10_240);
        String shown = LogSafe.of(id);
        assertEquals("x".repeat(LogSafe.MAX_CHARS) + "...(" + (10_240 - LogSafe.MAX_CHARS) + " more chars)", shown);
        assertEquals("abc...(3 more chars)", LogSafe.of("abcdef", 3));
        assertEquals("abcdef", LogSafe.of("abcdef", 6), "exactly the limit is not cut");
    }

    @Test
    void theLimitCountsCharactersOfTheValueNotOfItsEscapes() {
        String shown = LogSafe.of("\n".repeat(200), 10);
        assertTrue(shown.startsWith("\\n".repeat(10) + "...(190 more chars)"), shown);
    }
}
