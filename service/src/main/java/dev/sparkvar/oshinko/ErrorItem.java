package dev.sparkvar.oshinko;

/** One item of oshinko's error body. */
public record ErrorItem(int status, String title, String details) {
}
