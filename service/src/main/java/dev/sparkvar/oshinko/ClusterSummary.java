package dev.sparkvar.oshinko;

/** One item of oshinko's cluster list; {@code workerCount} counts worker pods in any phase. */
public record ClusterSummary(
        String name, String href, String status, int workerCount, String masterUrl, String masterWebUrl) {
}
