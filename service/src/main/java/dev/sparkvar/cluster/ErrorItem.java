package dev.sparkvar.cluster;

/** One item of oshinko's error body. */
public record ErrorItem(int status, String title, String details) {
}
