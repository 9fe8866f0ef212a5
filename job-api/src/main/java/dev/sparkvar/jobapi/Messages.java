package dev.sparkvar.jobapi;

/** The constraint messages of the callback records: the service's 400 problem JSON shows them per field. */
final class Messages {
    static final String NON_EMPTY_STRING = "must be a non-empty string";
    static final String NON_NEGATIVE_INTEGER = "must be a non-negative integer";
    static final String NUMBER = "must be a number";
    static final String NON_NEGATIVE_NUMBER = "must be a non-negative number";
    // braces escaped: Bean Validation reads {...} in a message as a parameter
    static final String PER_LEVEL = "must be an object \\{level: value\\}";

    /** Longest phase name or error message the service takes. */
    static final int MAX_TEXT = 200;

    private Messages() {
    }
}
