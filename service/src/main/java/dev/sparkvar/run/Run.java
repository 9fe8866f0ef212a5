package dev.sparkvar.run;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's record: its state and its event stream, and what it holds: its cluster ({@link RunCluster}), its job and
 * what the job reported ({@link RunJob}), a user's cancel ({@link RunCancel}), its warnings and log tail. The flow
 * ({@link RunFlow}) decides the transitions; this class only keeps them consistent. Thread-safe: fields change
 * under the run's lock, events are emitted after it is released.
 */
public final class Run {

    private final String id;
    private final String token;
    private final RunParameters parameters;
    private final Instant created;
    private final LogTail log;
    private final RunEvents events;
    private final Map<RunState, Instant> timings = new EnumMap<>(RunState.class);
    private final List<String> warnings = new ArrayList<>();
    private final RunCancel cancel = new RunCancel();
    private final RunCluster cluster;
    private final RunJob job = new RunJob();

    private RunState state;
    private String reason;
    private Instant finished;
    /** 1-based place in the admission queue while the run waits there (shown while QUEUED). */
    private volatile Integer queuePosition;
    /** Set once the terminal event is out: from then on only a late {@code cluster-deleted} may follow it. */
    private volatile boolean terminalSent;

    /** Warnings kept per run; later ones replace the last kept (a disk full for hours warns once per spell). */
    static final int MAX_WARNINGS = 50;

    Run(String id, String token, RunParameters parameters, Instant created, int logLines) {
        this(id, token, parameters, created, logLines, RunEvents.Bounds.DEFAULT);
    }

    Run(String id, String token, RunParameters parameters, Instant created, int logLines, RunEvents.Bounds bounds) {
        this(id, token, parameters, created, logLines, List.of(), bounds, null);
        timings.put(RunState.ACCEPTED, created);
    }

    private Run(String id, String token, RunParameters parameters, Instant created, int logLines, List<RunEvent> past,
            RunEvents.Bounds bounds, ClusterInfo cluster) {
        this.id = id;
        this.token = token;
        this.parameters = parameters;
        this.created = created;
        this.log = new LogTail(logLines);
        this.events = new RunEvents(past, bounds);
        this.state = RunState.ACCEPTED;
        this.cluster = new RunCluster(parameters != null && parameters.mode() == ClusterMode.EPHEMERAL, cluster);
    }

    /** Rebuilds a run from its stored form (after a restart); it takes no more callbacks. */
    static Run restore(StoredRun stored, int logLines) {
        return restore(stored, logLines, RunEvents.Bounds.DEFAULT);
    }

    /** Rebuilds a run from its stored form, its events cut to {@code bounds}. */
    static Run restore(StoredRun stored, int logLines, RunEvents.Bounds bounds) {
        RunView v = stored.run();
        Run run = new Run(v.id(), null, v.parameters(), v.created(), logLines,
                stored.events() == null ? List.of() : stored.events(), bounds, v.cluster());
        run.state = v.state();
        run.reason = v.reason();
        run.finished = v.finished();
        run.job.restore(v);
        if (v.timings() != null) {
            run.timings.putAll(v.timings());
        }
        if (v.warnings() != null) {
            v.warnings().stream().limit(MAX_WARNINGS).forEach(run.warnings::add);
        }
        if (stored.log() != null) {
            stored.log().forEach(run.log::add);
        }
        run.cluster.mayExist(true); // we cannot know what happened to a create in flight when we stopped
        if (run.state.isFinal()) {
            run.terminalSent = true;
            if (!run.clusterPending()) {
                run.events.end();
            }
        }
        return run;
    }

    public String id() {
        return id;
    }

    String token() {
        return token;
    }

    public RunParameters parameters() {
        return parameters;
    }

    public Instant created() {
        return created;
    }

    public synchronized RunState state() {
        return state;
    }

    public ClusterInfo cluster() {
        return cluster.info();
    }

    LogTail log() {
        return log;
    }

    /** When the run entered {@code state}, or null if it never did. */
    synchronized Instant enteredAt(RunState state) {
        return timings.get(state);
    }

    boolean isCancelRequested() {
        return cancel.isRequested();
    }

    /** Fails with {@link RunCancelledException} as soon as the run is cancelled, cancelling {@code step}. */
    <T> Uni<T> cancellable(Uni<T> step) {
        return cancel.cancellable(step);
    }

    /** Asks the flow to stop; false if the run is already over or its result is in (a result is never lost). */
    synchronized boolean requestCancel() {
        if (state.isFinal() || job.hasResult()) {
            return false;
        }
        cancel.request();
        return true;
    }

    /** Enters a non-final state. Returns false (and changes nothing) once the run is final. */
    synchronized boolean enter(RunState next) {
        if (state.isFinal()) {
            return false;
        }
        state = next;
        timings.put(next, Instant.now());
        return true;
    }

    void cluster(ClusterInfo info) {
        cluster.info(info);
    }

    void queuePosition(Integer position) {
        this.queuePosition = position;
    }

    void clusterMayExist(boolean mayExist) {
        cluster.mayExist(mayExist);
    }

    /** The run's job: its JVM, where its driver's configuration is, and what it reported. */
    RunJob job() {
        return job;
    }

    void warn(String warning) {
        synchronized (this) {
            if (warnings.size() >= MAX_WARNINGS) {
                warnings.remove(warnings.size() - 1);
            }
            warnings.add(warning);
        }
        emit(RunEvent.WARNING, Map.of("message", warning));
    }

    /** Appends an event to the run's stream. */
    void emit(String name, Map<String, Object> data) {
        events.emit(name, data);
    }

    /**
     * Enters a final state and emits its terminal event. The stream ends with it, unless the run's cluster is not
     * deleted yet: then it ends after the reaper's {@code cluster-deleted}. False when already final.
     */
    boolean finish(RunState end, String why) {
        Map<String, Object> data = new LinkedHashMap<>();
        boolean pending;
        synchronized (this) {
            if (state.isFinal()) {
                return false;
            }
            state = end;
            reason = why;
            finished = Instant.now();
            timings.put(end, finished);
            data.put("state", end);
            if (why != null) {
                data.put("reason", why);
            }
            data.put("durationSeconds", seconds(created, finished));
            pending = clusterPending();
        }
        events.emit(end.eventName(), data);
        terminalSent = true;
        if (!pending) {
            events.end();
        }
        return true;
    }

    /** Whether the run has an ephemeral cluster that may exist and is not deleted yet. */
    boolean clusterPending() {
        return cluster.pending();
    }

    /** The run's cluster is gone: {@code cluster-deleted}, which ends the stream if the run is over. */
    void clusterDeleted() {
        String name = cluster.markDeleted();
        if (name == null) {
            return; // deleted by another path already (the flow's end and a shutdown may both try)
        }
        emit(RunEvent.CLUSTER_DELETED, RunEvent.data("cluster", name));
        if (terminalSent) {
            events.end();
        }
    }

    /** When the run finished (its creation for a stored run that does not say). */
    synchronized Instant finishedOrCreated() {
        return finished != null ? finished : created;
    }

    /** Whether the run is over for good: final, its terminal event out, no cluster of its left to delete. */
    boolean over() {
        return terminalSent && state().isFinal() && !clusterPending();
    }

    /** Whether the terminal event is out (the run is over for its subscribers, maybe but for its cluster). */
    boolean terminalSent() {
        return terminalSent;
    }

    /** The id of the newest event (0 before the first): no client can have seen a later one. */
    long lastEventId() {
        return events.lastId();
    }

    /** Every event, past and live, until the terminal one. */
    Multi<RunEvent> events() {
        return events.all();
    }

    /** The events after {@code afterId}, then live ones until the end, with heartbeat markers. */
    Multi<RunEvent> events(long afterId, Duration heartbeat) {
        return events.after(afterId, heartbeat);
    }

    synchronized RunView view() {
        return view(job.result());
    }

    /** The view for lists: the result cut down to its risk figures (no curve, histogram or walks). */
    synchronized RunView summaryView() {
        Map<String, Object> result = job.result();
        return view(result == null ? null : ResultSummary.of(result));
    }

    private RunView view(Map<String, Object> shownResult) {
        Double duration = finished == null ? null : seconds(created, finished);
        return new RunView(id, state, state == RunState.QUEUED ? queuePosition : null, reason, created, finished,
                duration, parameters, cluster.info(),
                new EnumMap<>(timings), job.confDir(), job.pid(), job.exitCode(), List.copyOf(warnings), shownResult,
                events.lastId());
    }

    synchronized StoredRun stored() {
        return new StoredRun(view(), events.snapshot(), log.lines());
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
