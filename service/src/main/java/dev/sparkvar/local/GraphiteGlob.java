package dev.sparkvar.local;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A Graphite render target ({@code master.*Workers}, {@code app-?.driver.{a,b}}, {@code x.[0-9]}) matched against
 * metric names in time linear in the name's length: the target is split into dot-separated segments as Graphite
 * does; each segment's pattern is a short token list matched by a set-of-states simulation (no backtracking), so
 * a pattern like {@code master.} followed by forty {@code *} costs at most (name length + 1) × (2 × tokens + 1) steps,
 * where a backtracking regular expression took exponential time. Lengths are bounded, so is every cost.
 */
final class GraphiteGlob {

    /** Longest target accepted, in characters. */
    static final int MAX_LENGTH = 256;
    /** Most alternatives one segment's {@code {a,b}} groups may expand to. */
    static final int MAX_ALTERNATIVES = 64;

    private static final int LITERAL = 0;
    private static final int ONE = 1;
    private static final int STAR = 2;
    private static final int CLASS = 3;

    /** One pattern element: a literal character, {@code ?}, {@code *} or a class {@code [...]}. */
    private record Token(int kind, char literal, BitSet chars, boolean negated) {

        boolean accepts(char c) {
            return switch (kind) {
                case LITERAL -> c == literal;
                case ONE, STAR -> c != '.';
                default -> c != '.' && chars.get(c) != negated;
            };
        }
    }

    /** Each segment: its alternatives (after brace expansion), each a token list. */
    private final List<List<List<Token>>> segments;

    private GraphiteGlob(List<List<List<Token>>> segments) {
        this.segments = segments;
    }

    /**
     * Compiles a target.
     *
     * @throws IllegalArgumentException naming what is wrong: empty, too long, a control character, an unclosed
     *                                  {@code [} or {@code {}, nested braces, too many alternatives
     */
    static GraphiteGlob compile(String target) {
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (target.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters, was " + target.length());
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("has a character outside printable ASCII at " + i);
            }
        }
        List<List<List<Token>>> segments = new ArrayList<>();
        for (String segment : splitSegments(target)) {
            List<List<Token>> alternatives = new ArrayList<>();
            for (String alternative : expandBraces(segment)) {
                alternatives.add(tokens(alternative));
            }
            segments.add(alternatives);
        }
        return new GraphiteGlob(segments);
    }

    /** Whether {@code name} matches the whole target. */
    boolean matches(String name) {
        return cost(name) >= 0;
    }

    /**
     * The steps (state visits) spent matching {@code name}, or {@code -1 - steps} when it does not match. Tests use
     * it to show the cost is bounded by the sizes, whatever the pattern.
     */
    long cost(String name) {
        String[] parts = name.split("\\.", -1);
        long steps = 0;
        if (parts.length != segments.size()) {
            return -1;
        }
        for (int i = 0; i < parts.length; i++) {
            boolean any = false;
            for (List<Token> alternative : segments.get(i)) {
                long spent = run(alternative, parts[i]);
                steps += Math.abs(spent);
                if (spent > 0) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return -1 - steps;
            }
        }
        return steps;
    }

    /**
     * Simulates the pattern as a set of states (state k = k tokens matched) over {@code text}: each character moves
     * every live state at most once, so the work is at most (text length + 1) × (2 × tokens + 1). Positive steps when
     * it matches, negative when not.
     */
    private static long run(List<Token> tokens, String text) {
        int m = tokens.size();
        BitSet live = new BitSet(m + 1);
        live.set(0);
        long steps = closure(tokens, live);
        for (int i = 0; i < text.length() && !live.isEmpty(); i++) {
            char c = text.charAt(i);
            BitSet next = new BitSet(m + 1);
            for (int s = live.nextSetBit(0); s >= 0 && s < m; s = live.nextSetBit(s + 1)) {
                steps++;
                Token t = tokens.get(s);
                if (t.accepts(c)) {
                    next.set(t.kind() == STAR ? s : s + 1);
                }
            }
            steps += closure(tokens, next);
            live = next;
        }
        steps = Math.max(steps, 1);
        return live.get(m) ? steps : -steps;
    }

    /** A {@code *} may match nothing: a live state before it makes the state after it live too. */
    private static long closure(List<Token> tokens, BitSet live) {
        long steps = 0;
        for (int s = 0; s < tokens.size(); s++) {
            steps++;
            if (live.get(s) && tokens.get(s).kind() == STAR) {
                live.set(s + 1);
            }
        }
        return steps;
    }

    /** Splits on dots outside {@code {...}} and {@code [...]}. */
    private static List<String> splitSegments(String target) {
        List<String> segments = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '{') {
                if (depth++ > 0) {
                    throw new IllegalArgumentException("has nested braces at " + i);
                }
            } else if (c == '}') {
                if (depth-- == 0) {
                    throw new IllegalArgumentException("has a '}' without its '{' at " + i);
                }
            } else if (c == '.' && depth == 0) {
                segments.add(target.substring(start, i));
                start = i + 1;
            }
        }
        if (inClass) {
            throw new IllegalArgumentException("has an unclosed '['");
        }
        if (depth > 0) {
            throw new IllegalArgumentException("has an unclosed '{'");
        }
        segments.add(target.substring(start));
        return segments;
    }

    /** {@code a{b,c}d{e,f}} → abde, abdf, acde, acdf; at most {@link #MAX_ALTERNATIVES}. */
    private static List<String> expandBraces(String segment) {
        List<String> done = new ArrayList<>();
        done.add("");
        int i = 0;
        while (i < segment.length()) {
            char c = segment.charAt(i);
            if (c == '[') {
                int end = segment.indexOf(']', i + 1);
                String cls = segment.substring(i, end + 1);
                done.replaceAll(prefix -> prefix + cls);
                i = end + 1;
            } else if (c == '{') {
                int end = segment.indexOf('}', i);
                String[] options = segment.substring(i + 1, end).split(",", -1);
                if ((long) done.size() * options.length > MAX_ALTERNATIVES) {
                    throw new IllegalArgumentException("expands to more than " + MAX_ALTERNATIVES
                            + " alternatives in one segment");
                }
                List<String> next = new ArrayList<>();
                for (String prefix : done) {
                    for (String option : options) {
                        next.add(prefix + option);
                    }
                }
                done = next;
                i = end + 1;
            } else {
                int from = i;
                while (i < segment.length() && segment.charAt(i) != '[' && segment.charAt(i) != '{') {
                    i++;
                }
                String literal = segment.substring(from, i);
                done.replaceAll(prefix -> prefix + literal);
            }
        }
        return done;
    }

    private static List<Token> tokens(String alternative) {
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < alternative.length(); i++) {
            char c = alternative.charAt(i);
            switch (c) {
                case '*' -> {
                    // consecutive stars are one star: same language, fewer states
                    if (tokens.isEmpty() || tokens.get(tokens.size() - 1).kind() != STAR) {
                        tokens.add(new Token(STAR, c, null, false));
                    }
                }
                case '?' -> tokens.add(new Token(ONE, c, null, false));
                case '[' -> {
                    int end = alternative.indexOf(']', i + 1);
                    if (end < 0) { // a '[' split off its ']' by a brace alternative: {a,[,]}
                        throw new IllegalArgumentException("has an unclosed '[' in '" + alternative + "'");
                    }
                    tokens.add(characterClass(alternative.substring(i + 1, end)));
                    i = end;
                }
                default -> tokens.add(new Token(LITERAL, c, null, false));
            }
        }
        return tokens;
    }

    /** {@code [abc]}, {@code [a-z0-9]}, {@code [!x]} or {@code [^x]} (not x). */
    private static Token characterClass(String body) {
        boolean negated = !body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^');
        String set = negated ? body.substring(1) : body;
        if (set.isEmpty()) {
            throw new IllegalArgumentException("has an empty character class '[" + body + "]'");
        }
        BitSet chars = new BitSet(128);
        for (int i = 0; i < set.length(); i++) {
            if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                char from = set.charAt(i);
                char to = set.charAt(i + 2);
                if (from > to) {
                    throw new IllegalArgumentException("has a reversed range '" + from + "-" + to + "'");
                }
                chars.set(from, to + 1);
                i += 2;
            } else {
                chars.set(set.charAt(i));
            }
        }
        return new Token(CLASS, '\0', chars, negated);
    }
}
