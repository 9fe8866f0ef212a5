package dev.sparkvar.problem;

/**
 * Request values made fit for a log line or an error message: control characters escaped (so that a {@code %0A}
 * in an id cannot forge a second log line) and the length bounded (so that a 10 KiB name cannot flood the log).
 */
public final class LogSafe {

    /** Characters of a value kept; the rest is counted, not shown. */
    public static final int MAX_CHARS = 120;

    /** Characters kept of a whole message that may quote request values (a 400's detail). */
    public static final int MAX_MESSAGE_CHARS = 600;

    private LogSafe() {
    }

    /** {@code value} with control characters (and {@code \}) escaped as Java would write them, at most {@link #MAX_CHARS}. */
    public static String of(Object value) {
        return of(value, MAX_CHARS);
    }

    /** {@code value} with control characters escaped, at most {@code maxChars} of it. */
    public static String of(Object value, int maxChars) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        int shown = Math.min(s.length(), maxChars);
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    // C0, DEL, C1 and the Unicode line/paragraph separators: all end or hide a line somewhere
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (s.length() > shown) {
            out.append("...(").append(s.length() - shown).append(" more chars)");
        }
        return out.toString();
    }
}
