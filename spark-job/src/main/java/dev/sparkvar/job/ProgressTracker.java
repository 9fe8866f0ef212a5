package dev.sparkvar.job;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.sparkvar.jobapi.ProgressReport;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Turns Spark stage and task events into throttled progress reports.
 *
 * <p>The driver names the phase before each action with a local property; stages inherit it, so the
 * listener only counts with atomics and never blocks Spark's listener bus. A single daemon thread emits
 * at most one report per 100 ms; the first and the last report of each phase are always emitted.
 */
public final class ProgressTracker implements AutoCloseable {
    /** Spark local property carrying the phase of the jobs the driver thread submits. */
    public static final String PHASE_PROPERTY = "sparkvar.phase";
    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Consumer<ProgressReport> sink;
    private final SparkContext sc;
    private final Listener listener = new Listener();
    private final Map<Integer, Phase> stagePhase = new ConcurrentHashMap<>();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();
    private final ScheduledExecutorService ticker;
    private volatile Phase phase;
    private volatile boolean dirty;
    private double lastPercent;
    private long lastEmit;

    public ProgressTracker(SparkContext sc, Consumer<ProgressReport> sink) {
        this.sc = sc;
        this.sink = sink;
        sc.addSparkListener(listener);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkvar-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Ends the current phase (its last report) and starts {@code next} (its first report). */
    public synchronized void enter(Phase next) {
        if (phase != null) {
            // the action returned, so the phase is complete even if task-end events are still queued
            int t = total.get();
            emit(new ProgressReport(phase.key(), t, t, percent(phase, 1)));
        }
        phase = next;
        stagePhase.clear();
        done.set(0);
        total.set(0);
        dirty = false;
        sc.setLocalProperty(PHASE_PROPERTY, next.key());
        emit(new ProgressReport(next.key(), 0, 0, next == Phase.DONE ? 100.0 : percent(next, 0)));
    }

    /** Emits the final {@code done} report (100 %). */
    public void finish() {
        enter(Phase.DONE);
    }

    private void tick() {
        try {
            if (dirty && System.nanoTime() - lastEmit >= MIN_INTERVAL_NANOS) {
                report();
            }
        } catch (RuntimeException e) {
            // a sink failure must not stop the ticker; the next tick tries again
        }
    }

    private synchronized void report() {
        Phase p = phase;
        if (p == null || p == Phase.DONE || !dirty) {
            return;
        }
        dirty = false;
        int t = total.get();
        int d = Math.min(done.get(), t);
        // a phase may still submit more jobs: its last tenth is only granted when it ends
        emit(new ProgressReport(p.key(), d, t, percent(p, t == 0 ? 0 : 0.9 * d / t)));
    }

    private double percent(Phase p, double fraction) {
        double value = p.start() + p.weight() * Math.max(0, Math.min(1, fraction));
        value = Math.round(value * 10) / 10.0;
        return Math.max(lastPercent, Math.min(100, value));
    }

    private void emit(ProgressReport event) {
        lastPercent = event.percent();
        lastEmit = System.nanoTime();
        sink.accept(event);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        sc.removeSparkListener(listener);
        sc.setLocalProperty(PHASE_PROPERTY, null);
    }

    private final class Listener extends SparkListener {
        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted event) {
            Properties props = event.properties();
            String key = props == null ? null : props.getProperty(PHASE_PROPERTY);
            Phase current = phase;
            if (current != null && current.key().equals(key)) {
                stagePhase.put(event.stageInfo().stageId(), current);
                total.addAndGet(event.stageInfo().numTasks());
                dirty = true;
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd event) {
            Phase p = stagePhase.get(event.stageId());
            if (p != null && p == phase && event.taskInfo() != null && event.taskInfo().successful()) {
                done.incrementAndGet();
                dirty = true;
            }
        }
    }
}
