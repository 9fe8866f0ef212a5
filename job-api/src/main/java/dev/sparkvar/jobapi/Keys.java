package dev.sparkvar.jobapi;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The contract's enums by name: lower-case keys ({@code independent}, {@code importance}), read in any case. */
final class Keys {

    private Keys() {
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose key is {@code key} (any case, blanks around ignored), or null when none is. */
    static <E extends Enum<E>> E find(E[] constants, String key) {
        String wanted = key == null ? null : key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(constants).filter(c -> of(c).equals(wanted)).findFirst().orElse(null);
    }

    /** The keys, comma-separated, for messages. */
    static String names(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Keys::of).collect(Collectors.joining(", "));
    }
}
