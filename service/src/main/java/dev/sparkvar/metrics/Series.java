package dev.sparkvar.metrics;

import java.util.List;

/**
 * One series of Graphite's render JSON ({@code format=json}): its target and its {@code [value, timestamp]} points,
 * a value {@code null} where nothing was received in that interval.
 */
public record Series(String target, List<List<Double>> datapoints) {
}
