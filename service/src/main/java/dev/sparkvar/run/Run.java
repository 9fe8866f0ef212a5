package dev.sparkvar.run;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run: its state machine, its event history fanned out to any number of subscribers, its result and log
 * tail. Thread-safe: the flow, the job's callbacks and SSE subscribers touch it from different threads.
 */
public final class Run {

    private final String id;
    private final String token;
    private final RunParameters parameters;
    private final Instant created;
    private final LogTail log;
    private final List<RunEvent> events = new ArrayList<>();
    private final Set<MultiEmitter<? super RunEvent>> subscribers = new CopyOnWriteArraySet<>();
    private final Map<RunState, Instant> timings = new EnumMap<>(RunState.class);
    private final List<String> warnings = new ArrayList<>();
    private final CompletableFuture<Void> cancelRequested = new CompletableFuture<>();

    private RunState state;
    private String reason;
    private Instant finished;
    private ClusterInfo cluster;
    private String confDir;
    private Long jobPid;
    private Integer exitCode;
    private Map<String, Object> result;
    private long nextEventId = 1;
    private volatile boolean cancelFlag;
    private double progressPercent = -1;
    private volatile boolean clusterReleased;
    private volatile Cancellable workerWatch;

    Run(String id, String token, RunParameters parameters, Instant created, int logLines) {
        this.id = id;
        this.token = token;
        this.parameters = parameters;
        this.created = created;
        this.log = new LogTail(logLines);
        this.state = RunState.ACCEPTED;
        timings.put(RunState.ACCEPTED, created);
    }

    /** Rebuilds a run from its stored form (after a restart); it takes no more callbacks. */
    static Run restore(StoredRun stored, int logLines) {
        RunView v = stored.run();
        Run run = new Run(v.id(), null, v.parameters(), v.created(), logLines);
        run.state = v.state();
        run.reason = v.reason();
        run.finished = v.finished();
        run.cluster = v.cluster();
        run.confDir = v.confDir();
        run.jobPid = v.jobPid();
        run.exitCode = v.exitCode();
        run.result = v.result();
        if (v.timings() != null) {
            run.timings.putAll(v.timings());
        }
        if (v.warnings() != null) {
            run.warnings.addAll(v.warnings());
        }
        run.events.addAll(stored.events());
        run.nextEventId = stored.events().isEmpty() ? 1 : stored.events().get(stored.events().size() - 1).id() + 1;
        stored.log().forEach(run.log::add);
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

    public synchronized ClusterInfo cluster() {
        return cluster;
    }

    LogTail log() {
        return log;
    }

    synchronized boolean hasResult() {
        return result != null;
    }

    boolean isCancelRequested() {
        return cancelFlag;
    }

    /**
     * Completes when a user cancels the run. A fresh stage each call: a Uni made from it cancels the stage it
     * was given when it loses a race, and that must not look like a user's cancel.
     */
    CompletableFuture<Void> cancelRequested() {
        return cancelRequested.thenApply(ignored -> null);
    }

    /** Records a progress report's percent; false when it is older than one already shown. */
    synchronized boolean advanceProgress(double percent) {
        if (percent < progressPercent) {
            return false;
        }
        progressPercent = percent;
        return true;
    }

    /** Remembers the subscription that follows the cluster's workers, to stop it when the run finishes. */
    void workerWatch(Cancellable watch) {
        this.workerWatch = watch;
        if (clusterReleased) {
            watch.cancel();
        }
    }

    /** The run is done with its cluster (about to delete it): stop following it and never scale it again. */
    void releaseCluster() {
        clusterReleased = true;
        Cancellable watch = workerWatch;
        if (watch != null) {
            watch.cancel();
        }
    }

    /** Whether the run is using a live cluster now: workers being waited for or the job running, not deleting. */
    synchronized boolean usesCluster() {
        return !clusterReleased && cluster != null && cluster.masterUrl() != null && !cluster.deleted()
                && (state == RunState.WAITING_FOR_WORKERS || state == RunState.RUNNING);
    }

    /** Asks the flow to stop; false if the run is already over. */
    synchronized boolean requestCancel() {
        if (state.isFinal()) {
            return false;
        }
        cancelFlag = true;
        cancelRequested.complete(null);
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

    synchronized void cluster(ClusterInfo cluster) {
        this.cluster = cluster;
    }

    synchronized void confDir(String confDir) {
        this.confDir = confDir;
    }

    synchronized void jobPid(long pid) {
        this.jobPid = pid;
    }

    synchronized void exitCode(int exitCode) {
        this.exitCode = exitCode;
    }

    synchronized void result(Map<String, Object> result) {
        this.result = result;
    }

    synchronized void warn(String warning) {
        warnings.add(warning);
        emit(RunEvent.WARNING, Map.of("message", warning));
    }

    /** Appends an event and pushes it to every subscriber. */
    synchronized RunEvent emit(String name, Map<String, Object> data) {
        RunEvent event = new RunEvent(nextEventId++, name, Instant.now(), data);
        events.add(event);
        for (MultiEmitter<? super RunEvent> s : subscribers) {
            s.emit(event);
        }
        return event;
    }

    /** Enters a final state, emits its terminal event and ends every stream. No-op when already final. */
    synchronized boolean finish(RunState end, String why) {
        if (state.isFinal()) {
            return false;
        }
        state = end;
        reason = why;
        finished = Instant.now();
        timings.put(end, finished);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", end);
        if (why != null) {
            data.put("reason", why);
        }
        data.put("durationSeconds", seconds(created, finished));
        emit(end.eventName(), data);
        for (MultiEmitter<? super RunEvent> s : subscribers) {
            s.complete();
        }
        subscribers.clear();
        return true;
    }

    /**
     * The run's events after {@code afterId} (0 for all): first the past ones, then live ones until the terminal
     * event, with a heartbeat marker every {@code heartbeat} so the SSE writer can send comment lines.
     */
    Multi<RunEvent> events(long afterId, Duration heartbeat, ScheduledExecutorService timer) {
        return Multi.createFrom().emitter(emitter -> {
            ScheduledFuture<?> beats = timer.scheduleAtFixedRate(() -> emitter.emit(RunEvent.HEARTBEAT),
                    heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> {
                beats.cancel(false);
                subscribers.remove(emitter);
            });
            synchronized (this) {
                for (RunEvent e : events) {
                    if (e.id() > afterId) {
                        emitter.emit(e);
                    }
                }
                if (state.isFinal()) {
                    emitter.complete();
                } else {
                    subscribers.add(emitter);
                }
            }
        }, BackPressureStrategy.BUFFER);
    }

    synchronized List<RunEvent> eventsSnapshot() {
        return List.copyOf(events);
    }

    synchronized RunView view() {
        return view(result);
    }

    /** The view for lists: the result cut down to its risk figures (no curve, histogram or walks). */
    synchronized RunView summaryView() {
        return view(result == null ? null : ResultSummary.of(result));
    }

    private RunView view(Map<String, Object> shownResult) {
        Double duration = finished == null ? null : seconds(created, finished);
        long lastId = events.isEmpty() ? 0 : events.get(events.size() - 1).id();
        return new RunView(id, state, reason, created, finished, duration, parameters, cluster,
                new EnumMap<>(timings), confDir, jobPid, exitCode, List.copyOf(warnings), shownResult, lastId);
    }

    synchronized StoredRun stored() {
        return new StoredRun(view(), List.copyOf(events), log.lines());
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
