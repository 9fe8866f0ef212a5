package dev.sparkvar.run;

import dev.sparkvar.problem.LogSafe;
import dev.sparkvar.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry of runs: each one by id, with a fresh id and callback token for new runs. A run joins its store
 * here: every event it emits schedules a write of its state, so nothing shown is unsaved for long. The retention
 * ({@code sparkvar.runs.retention.*}) prunes finished runs here, from memory and disk, whenever a run is created or
 * one's stream ends.
 */
@ApplicationScoped
public class Runs {

    private static final String ALPHANUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RunsConfig config;
    private final RunStore store;
    private final Event<RunStep> steps;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicInteger streams = new AtomicInteger();

    public Runs(RunsConfig config, RunStore store, Event<RunStep> steps) {
        this.config = config;
        this.store = store;
        this.steps = steps;
    }

    /** A new run, registered: a random 12-character id and a secret token for its job's callbacks. */
    Run create(RunParameters parameters) {
        prune();
        return add(new Run(randomId(12), token(), parameters, Instant.now(), config.logLines(), bounds()));
    }

    /** How many events each run keeps. */
    RunEvents.Bounds bounds() {
        return new RunEvents.Bounds(config.maxEvents(), config.maxProgressEvents());
    }

    /** Registers a run (new or restored) and saves it after each of its events. */
    Run add(Run run) {
        runs.put(run.id(), run);
        run.events().subscribe().with(
                event -> {
                    store.save(run);
                    steps.fire(new RunStep(run, event)); // metrics (observe/) without a dependency on them
                },
                failure -> Log.errorf(failure, "run %s: event stream failed", run.id()),
                this::prune);
        return run;
    }

    /**
     * Forgets the finished runs beyond the retention, newest kept: more than {@code count}, or finished longer ago
     * than {@code max-age}. Only a run that is over for good goes (final, its terminal event out, no cluster left to
     * delete): a queued or running run is never pruned, nor one whose cluster the reaper still has to delete.
     */
    synchronized void prune() {
        RunsConfig.Retention retention = config.retention();
        Instant oldest = Instant.now().minus(retention.maxAge());
        // newest finished first: a run failed by a restart is news, however old its start
        List<Run> over = runs.values().stream().filter(Run::over)
                .sorted(Comparator.comparing(Run::finishedOrCreated).reversed()).toList();
        for (int i = 0; i < over.size(); i++) {
            Run run = over.get(i);
            if (i >= retention.count() || run.finishedOrCreated().isBefore(oldest)) {
                if (runs.remove(run.id(), run)) {
                    store.remove(run.id());
                    Log.debugf("run %s pruned by the retention", run.id());
                }
            }
        }
    }

    /** The run with this id, if there is one. */
    Optional<Run> find(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    /** @throws ProblemException 404 when there is no such run */
    public Run get(String id) {
        Run run = id == null ? null : runs.get(id);
        if (run == null) {
            // the id as sent may be long or hold line breaks: echoed escaped and cut, never whole
            throw ProblemException.notFound("no run with id '" + LogSafe.of(id) + "'");
        }
        return run;
    }

    /** The newest runs, newest first, at most {@code sparkvar.runs.keep}. */
    public List<Run> list() {
        return runs.values().stream().sorted(Comparator.comparing(Run::created).reversed())
                .limit(config.keep()).toList();
    }

    /** Every run in memory, for gauges and health: read, never changed. */
    public Collection<Run> all() {
        return runs.values();
    }

    /** {@code events} counted as one SSE subscriber while it is subscribed. */
    <T> Multi<T> counted(Multi<T> events) {
        return events.onSubscription().invoke(streams::incrementAndGet)
                .onTermination().invoke(streams::decrementAndGet);
    }

    /** SSE streams of runs open now. */
    public int streams() {
        return streams.get();
    }

    /**
     * The cluster of a run in flight whose Spark master is {@code masterUrl} (case and a trailing slash aside): a
     * {@code mode: master} run may use it (RunRequestRulesValidator), and needs its secret to (RunFlow).
     */
    Optional<ClusterInfo> clusterInFlight(String masterUrl) {
        String wanted = normalMaster(masterUrl);
        return all().stream().filter(run -> !run.state().isFinal()).map(Run::cluster)
                .filter(c -> c != null && c.masterUrl() != null && normalMaster(c.masterUrl()).equals(wanted))
                .findFirst();
    }

    static String normalMaster(String url) {
        String u = url.trim().toLowerCase(java.util.Locale.ROOT);
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    /** A random id of lowercase letters and digits, e.g. for cluster names. */
    static String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHANUM.charAt(RANDOM.nextInt(ALPHANUM.length())));
        }
        return id.toString();
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
