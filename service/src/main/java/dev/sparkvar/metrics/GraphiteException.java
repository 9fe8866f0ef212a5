package dev.sparkvar.metrics;

/** Graphite answered, but not with data we can read (a 5xx, or a body not in the render JSON shape). */
public class GraphiteException extends RuntimeException {

    public GraphiteException(String message) {
        super(message);
    }
}
