package dev.sparkvar.dataset;

/** A data set a run may name: its name (path relative to its data folder), format and size; never the server's folder. */
public record Dataset(String name, String format, long bytes) {
}
