package dev.sparkvar.testing;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.OshinkoException;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.cluster.WorkerCount;
import dev.sparkvar.cluster.WorkerWaitTimeoutException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fast tier's cluster backend (issue 20): an in-memory adapter of our own {@link Clusters} port, so that the run
 * flow's rules (admission, cancel points, failures, clean-up) are tested in milliseconds without Spark. It holds the
 * clusters it "made", and each test scripts how the backend behaves: a slow or failing create, workers that never
 * come, deletions that fail. What the port promises about a real backend (the oshinko wire, Graphite, Spark
 * processes) is proved elsewhere against the real parts. Enabled only by {@link FastTier}.
 */
@Alternative
@ApplicationScoped
public class InMemoryClusters implements Clusters {

    /**
     * How a create behaves: made at once, held until the test lets the backend finish ({@link #releaseCreates}), or a
     * failure instead.
     */
    public record CreateScript(boolean held, RuntimeException failure) {
        public static final CreateScript AT_ONCE = new CreateScript(false, null);
        public static final CreateScript HELD = new CreateScript(true, null);

        public static CreateScript failing(RuntimeException failure) {
            return new CreateScript(false, failure);
        }
    }

    private final Map<String, Cluster> live = new ConcurrentHashMap<>();
    /** Creates asked for and not finished: a delete of such a name waits for it, as oshinko's server does. */
    private final Map<String, CompletableFuture<Cluster>> making = new ConcurrentHashMap<>();
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());
    private final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger deleteFailures = new AtomicInteger();
    private volatile CreateScript create = CreateScript.AT_ONCE;
    private volatile CompletableFuture<Void> createsReleased = new CompletableFuture<>();
    /** Null: every worker registers at once; else the workers never come and the wait fails after this. */
    private volatile Duration workersNeverCome;

    /** Back to a backend that answers at once, with nothing made. */
    public void reset() {
        live.clear();
        making.clear();
        created.clear();
        deleted.clear();
        deleteFailures.set(0);
        create = CreateScript.AT_ONCE;
        createsReleased.complete(null);
        createsReleased = new CompletableFuture<>();
        workersNeverCome = null;
    }

    public void createScript(CreateScript script) {
        this.create = script;
    }

    /** Held creates finish now. */
    public void releaseCreates() {
        createsReleased.complete(null);
    }

    public void workersNeverCome(Duration waitFailsAfter) {
        this.workersNeverCome = waitFailsAfter;
    }

    /** The next {@code n} deletions answer 500 (the cluster stays). */
    public void failDeletes(int n) {
        deleteFailures.set(n);
    }

    /** Clusters made and not deleted. */
    public Set<String> live() {
        return Set.copyOf(live.keySet());
    }

    public List<String> created() {
        return List.copyOf(created);
    }

    public List<String> deleted() {
        return List.copyOf(deleted);
    }

    @Override
    public Uni<Cluster> create(String name, String config, Integer workers) {
        CreateScript script = create;
        if (script.failure() != null) {
            return Uni.createFrom().failure(script.failure());
        }
        // Made once released whether or not the caller still waits: a remote backend finishes a create that its
        // client gave up on, which is what a create timeout must clean up after. The caller gets a dependent
        // future, so that its giving up (a cancel) does not cancel the making.
        CompletableFuture<Void> go = script.held() ? createsReleased : CompletableFuture.completedFuture(null);
        CompletableFuture<Cluster> made = go.thenApplyAsync(ignored -> {
            int n = workers == null ? 1 : workers;
            Cluster cluster = new Cluster(name, "spark://" + name + ":7077", "http://" + name + ":8080", n, false,
                    null, null, true, n);
            live.put(name, cluster);
            created.add(name);
            return cluster;
        });
        making.put(name, made);
        made.whenComplete((c, e) -> making.remove(name, made));
        return Uni.createFrom().completionStage(() -> made.thenApply(cluster -> cluster));
    }

    @Override
    public Uni<Cluster> get(String name) {
        Cluster cluster = live.get(name);
        return cluster == null ? Uni.createFrom().failure(new ClusterNotFoundException("no such cluster", name))
                : Uni.createFrom().item(cluster);
    }

    @Override
    public Uni<Cluster> scale(String name, int workers) {
        Cluster c = live.computeIfPresent(name, (n, old) -> new Cluster(n, old.masterUrl(), old.masterWebUrl(),
                workers, old.elastic(), old.minWorkers(), old.maxWorkers(), true, workers));
        return c == null ? Uni.createFrom().failure(new ClusterNotFoundException("no such cluster", name))
                : Uni.createFrom().item(c);
    }

    @Override
    public Uni<Void> delete(String name) {
        CompletableFuture<Cluster> inTheMaking = making.get(name);
        Uni<Void> made = inTheMaking == null ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(() -> inTheMaking.thenApply(c -> (Void) null));
        return made.map(ignored -> {
            if (deleteFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new OshinkoException(500, "Internal Server Error", "scripted: the deletion failed");
            }
            if (live.remove(name) != null) {
                deleted.add(name);
            }
            return null;
        });
    }

    @Override
    public Multi<WorkerCount> awaitWorkers(String name, int desired) {
        Duration never = workersNeverCome;
        if (never != null) {
            return Multi.createFrom().<WorkerCount>item(new WorkerCount(0, desired, Duration.ZERO))
                    .onCompletion().switchTo(Multi.createFrom().<WorkerCount>failure(
                            new WorkerWaitTimeoutException(name, 0, desired, never, null))
                            .onSubscription().call(() -> Uni.createFrom().voidItem()
                                    .onItem().delayIt().by(never)));
        }
        return Multi.createFrom().items(new WorkerCount(0, desired, Duration.ZERO),
                new WorkerCount(desired, desired, Duration.ofMillis(1)));
    }

    @Override
    public Multi<Integer> followWorkers(String name, int lastSeen) {
        return Multi.createFrom().nothing();
    }

    @Override
    public Uni<Optional<Double>> executorTarget(String name) {
        return Uni.createFrom().item(Optional.empty()); // no driver reports: the elastic loop (off in tests) takes no sample
    }

    @Override
    public String metricsUrl(String name) {
        return "http://127.0.0.1:9/render"; // never read: the elastic loop is off in tests
    }

    @Override
    public HostAndPort carbon(String name) {
        return new HostAndPort("127.0.0.1", 9);
    }

    @Override
    public Optional<SparkSecret> sparkSecret(String name) {
        return Optional.empty();
    }

    @Override
    public boolean scalesClusters() {
        return false;
    }

    @Override
    public OptionalInt workerCores() {
        return OptionalInt.of(2);
    }
}
