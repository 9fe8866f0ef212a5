package dev.sparkvar.observe;

import dev.sparkvar.oshinko.OshinkoAddresses;
import dev.sparkvar.run.Admission;
import dev.sparkvar.run.ClusterMode;
import dev.sparkvar.run.ClusterReaper;
import dev.sparkvar.run.Run;
import dev.sparkvar.run.RunEvent;
import dev.sparkvar.run.RunState;
import dev.sparkvar.run.RunStep;
import dev.sparkvar.run.Runs;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs' metrics (README, "Metrics"). Gauges read the state the service keeps (the runs in memory, the
 * admission queue, the reaper); timers and counters follow each run's events as they pass. Labels are small
 * closed sets (state, outcome, backend, mode): never a run id or a cluster name, which would make a series per run.
 */
@ApplicationScoped
public class RunMetrics {

    /** Bucket bounds of the duration histograms: from a local run's seconds to a big cluster's half hour. */
    private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30)};

    /** What the meters need to remember of a run in flight, until its terminal event. */
    private static final class Tracked {
        Instant admittedAt;
        boolean queued;
        boolean ready;
        boolean resultSeen;
    }

    private final MeterRegistry registry;
    private final Runs runs;
    private final Admission admission;
    private final ClusterReaper reaper;
    private final OwnedMeters owned;
    private final String backend;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    /** Events older than this are a restored run's history, replayed at start: counted before, not again. */
    private final Instant started = Instant.now();

    /** The reaper is a readiness check too, so it carries that qualifier. */
    public RunMetrics(MeterRegistry registry, Runs runs, Admission admission, @Readiness ClusterReaper reaper,
            OshinkoAddresses addresses, OwnedMeters owned) {
        this.registry = registry;
        this.owned = owned;
        this.runs = runs;
        this.admission = admission;
        this.reaper = reaper;
        this.backend = addresses.backend();
    }

    /** The gauges and the counters that read a total kept elsewhere, registered once the service starts. */
    void register(@Observes StartupEvent start) {
        for (RunState state : RunState.values()) {
            owned.add(Gauge.builder("sparkvar.runs", runs,
                            r -> r.all().stream().filter(run -> run.state() == state).count())
                    .description("Runs in memory by state").tag("state", label(state)).register(registry));
        }
        owned.add(Gauge.builder("sparkvar.admission.running", admission, Admission::running)
                .description("Runs holding an admission slot (a cluster and a driver)").register(registry));
        owned.add(Gauge.builder("sparkvar.admission.max.running", admission, Admission::maxRunning)
                .description("Slots: the most runs that hold a cluster at once").register(registry));
        owned.add(Gauge.builder("sparkvar.admission.queue.length", admission, Admission::queued)
                .description("Runs waiting for a slot").register(registry));
        owned.add(Gauge.builder("sparkvar.admission.queue.size", admission, Admission::queueSize)
                .description("The most runs that may wait; a run beyond is refused with 429").register(registry));
        owned.add(FunctionCounter.builder("sparkvar.admission.rejections", admission, Admission::refused)
                .description("Runs refused with 429: the admission queue was full").register(registry));
        owned.add(Gauge.builder("sparkvar.clusters.held", this, RunMetrics::clustersHeld)
                .description("Ephemeral clusters that runs hold (asked for and not deleted yet)")
                .tag("backend", backend).register(registry));
        owned.add(Gauge.builder("sparkvar.reaper.backlog", reaper, ClusterReaper::backlog)
                .description("Clusters of finished runs the reaper still has to delete").register(registry));
        owned.add(FunctionCounter.builder("sparkvar.reaper.deletions", reaper, ClusterReaper::deleted)
                .description("The reaper's deletion attempts by result").tag("result", "deleted").register(registry));
        owned.add(FunctionCounter.builder("sparkvar.reaper.deletions", reaper, ClusterReaper::failedAttempts)
                .description("The reaper's deletion attempts by result").tag("result", "failed").register(registry));
        owned.add(Gauge.builder("sparkvar.sse.subscribers", runs, Runs::streams)
                .description("Open SSE streams of runs").register(registry));
        // the outcomes exist from the start, at 0, so that a rate() has a first sample
        for (RunState end : new RunState[] {RunState.COMPLETED, RunState.FAILED, RunState.CANCELLED}) {
            registry.counter("sparkvar.runs.finished", "outcome", label(end));
        }
    }

    /** One event of one run: the timers and counters it moves. */
    void onStep(@Observes RunStep step) {
        RunEvent event = step.event();
        if (event.time().isBefore(started)) {
            return;
        }
        try {
            follow(step.run(), event);
        } catch (RuntimeException e) { // a metric never breaks a run's stream
            Log.warnf(e, "metrics: event %s of run %s not counted", event.name(), step.run().id());
        }
    }

    private void follow(Run run, RunEvent event) {
        Tracked t = tracked.computeIfAbsent(run.id(), id -> new Tracked());
        ClusterMode mode = run.parameters().mode();
        switch (event.name()) {
            case RunEvent.QUEUED -> t.queued = true;
            case RunEvent.ADMITTED -> {
                t.admittedAt = event.time();
                admissionWait(mode).record(Duration.between(run.created(), event.time()));
            }
            case RunEvent.CLUSTER_CREATED, RunEvent.JOB_STARTED -> admittedAtOnce(run, t, mode, event);
            case RunEvent.WORKERS -> {
                Object alive = event.data().get("alive");
                Object desired = event.data().get("desired");
                if (!t.ready && mode == ClusterMode.EPHEMERAL && alive instanceof Number a && desired instanceof Number d
                        && a.intValue() >= d.intValue()) {
                    t.ready = true;
                    clusterReady("ready").record(Duration.between(start(run, t), event.time()));
                }
            }
            case RunEvent.RESULT -> {
                if (!t.resultSeen) {
                    t.resultSeen = true;
                    Timer.builder("sparkvar.run.result").description("From POST /runs to the run's result")
                            .tag("mode", mode.json()).serviceLevelObjectives(BUCKETS).register(registry)
                            .record(Duration.between(run.created(), event.time()));
                }
            }
            default -> {
                RunState end = terminal(event.name());
                if (end != null) {
                    finished(run, t, mode, end, event);
                }
            }
        }
    }

    /** A run that never queued was admitted at once: its wait is 0, and its cluster's creation starts then. */
    private void admittedAtOnce(Run run, Tracked t, ClusterMode mode, RunEvent event) {
        if (t.admittedAt == null && !t.queued) {
            t.admittedAt = run.created();
            admissionWait(mode).record(Duration.ZERO);
        }
    }

    private void finished(Run run, Tracked t, ClusterMode mode, RunState end, RunEvent event) {
        tracked.remove(run.id());
        String outcome = label(end);
        registry.counter("sparkvar.runs.finished", "outcome", outcome).increment();
        Timer.builder("sparkvar.run.duration").description("From POST /runs to the run's final state")
                .tags("outcome", outcome, "mode", mode.json()).serviceLevelObjectives(BUCKETS).register(registry)
                .record(Duration.between(run.created(), event.time()));
        if (mode == ClusterMode.EPHEMERAL && !t.ready && run.cluster() != null) {
            // the cluster was asked for and never had all its workers: how long it took to give up
            clusterReady(end == RunState.CANCELLED ? "cancelled" : "failed")
                    .record(Duration.between(start(run, t), event.time()));
        }
    }

    private Instant start(Run run, Tracked t) {
        return t.admittedAt != null ? t.admittedAt : run.created();
    }

    private Timer admissionWait(ClusterMode mode) {
        return Timer.builder("sparkvar.admission.wait").description("From POST /runs until the run may start")
                .tag("mode", mode.json()).serviceLevelObjectives(BUCKETS).register(registry);
    }

    private Timer clusterReady(String outcome) {
        return Timer.builder("sparkvar.cluster.ready")
                .description("From a run's admission (the cluster's creation) until all its workers are up")
                .tags("backend", backend, "outcome", outcome).serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** Runs in flight holding a cluster, plus the finished runs' clusters the reaper still has to delete. */
    double clustersHeld() {
        return runs.all().stream().filter(r -> !r.state().isFinal() && r.parameters().mode() == ClusterMode.EPHEMERAL)
                .map(Run::cluster).filter(c -> c != null && !c.deleted()).count() + reaper.backlog();
    }

    private static RunState terminal(String eventName) {
        for (RunState s : RunState.values()) {
            if (s.isFinal() && s.eventName().equals(eventName)) {
                return s;
            }
        }
        return null;
    }

    private static String label(RunState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
