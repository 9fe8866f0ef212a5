package dev.sparkvar.local;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One cluster's recent metric points, as carbon received them: a bounded window per metric (by age and by
 * count) and a cap on the number of metrics, so that a chatty sender cannot grow memory without limit.
 */
final class MetricWindow {

    /** One received point: epoch seconds and value. */
    record Point(long timestamp, double value) {
    }

    private final long windowSeconds;
    private final int maxPointsPerMetric;
    private final int maxMetrics;
    private final Map<String, Deque<Point>> metrics = new ConcurrentHashMap<>();

    MetricWindow(Duration window, int maxPointsPerMetric, int maxMetrics) {
        this.windowSeconds = window.toSeconds();
        this.maxPointsPerMetric = maxPointsPerMetric;
        this.maxMetrics = maxMetrics;
    }

    /** Adds a point; returns false when it was dropped (too many metrics). */
    boolean add(String metric, double value, long timestamp) {
        Deque<Point> points = metrics.get(metric);
        if (points == null) {
            if (metrics.size() >= maxMetrics) {
                return false;
            }
            points = metrics.computeIfAbsent(metric, m -> new ArrayDeque<>());
        }
        synchronized (points) {
            points.addLast(new Point(timestamp, value));
            while (points.size() > maxPointsPerMetric) {
                points.removeFirst();
            }
            prune(points, nowSeconds());
        }
        return true;
    }

    /** Points of every metric matching {@code target} (Graphite glob: {@code *} within a path segment). */
    Map<String, List<Point>> query(GraphiteGlob target, long fromSeconds, long untilSeconds) {
        Map<String, List<Point>> result = new TreeMap<>();
        long now = nowSeconds();
        metrics.forEach((name, points) -> {
            if (target.matches(name)) {
                List<Point> selected = new ArrayList<>();
                synchronized (points) {
                    prune(points, now);
                    for (Point p : points) {
                        if (p.timestamp() > fromSeconds && p.timestamp() <= untilSeconds) {
                            selected.add(p);
                        }
                    }
                }
                result.put(name, selected);
            }
        });
        return result;
    }

    /** Every metric name currently held, sorted. */
    List<String> names() {
        return metrics.keySet().stream().sorted().toList();
    }

    private void prune(Deque<Point> points, long now) {
        while (!points.isEmpty() && points.peekFirst().timestamp() < now - windowSeconds) {
            points.removeFirst();
        }
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
