package dev.sparkvar.oshinko;

import java.util.List;

/** Oshinko's reply to {@code GET /clusters}. */
public record ClusterList(List<ClusterSummary> clusters) {
}
