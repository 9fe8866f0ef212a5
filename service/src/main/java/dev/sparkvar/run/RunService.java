package dev.sparkvar.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cluster.ClusterAddresses;
import dev.sparkvar.cluster.ClusterConfig;
import dev.sparkvar.cluster.ClusterModel;
import dev.sparkvar.cluster.NewCluster;
import dev.sparkvar.cluster.OshinkoClient;
import dev.sparkvar.cluster.OshinkoException;
import dev.sparkvar.elastic.ClusterScaled;
import dev.sparkvar.local.LocalServer;
import dev.sparkvar.metrics.WorkerRegistration;
import dev.sparkvar.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs the notebook's whole flow for each run, as a state machine: create the cluster, wait for its workers,
 * configure the driver, run the job in its own JVM, and always delete the cluster, on success, failure,
 * timeout and cancel. Every step is an event on the run's stream.
 */
@ApplicationScoped
public class RunService {

    private static final String ALPHANUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RunsConfig config;
    private final RunRequestValidator validator;
    private final RunStore store;
    private final OshinkoClient oshinko;
    private final ClusterAddresses addresses;
    private final WorkerRegistration workers;
    private final DriverConfFiles driverConf;
    private final JobLauncher launcher;
    private final LocalServer self;
    private final ObjectMapper json;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, JobProcess> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> jobErrors = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sparkvar-sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public RunService(RunsConfig config, RunRequestValidator validator, RunStore store,
                      OshinkoClient oshinko, ClusterAddresses addresses, WorkerRegistration workers,
                      DriverConfFiles driverConf, JobLauncher launcher, LocalServer self, ObjectMapper json) {
        this.config = config;
        this.validator = validator;
        this.store = store;
        this.oshinko = oshinko;
        this.addresses = addresses;
        this.workers = workers;
        this.driverConf = driverConf;
        this.launcher = launcher;
        this.self = self;
        this.json = json;
    }

    /** Reloads stored runs; runs that were in flight when the service stopped fail and lose their cluster. */
    void onStart(@Observes StartupEvent event) {
        for (StoredRun stored : store.loadAll()) {
            Run run = Run.restore(stored, config.logLines());
            runs.put(run.id(), run);
            if (!run.state().isFinal()) {
                Log.infof("run %s was %s when the service stopped: failing it", run.id(), run.state());
                run.finish(RunState.FAILED, "service restarted");
                store.saveNow(run);
            }
            ClusterInfo cluster = run.cluster();
            if (run.parameters().mode() == ClusterMode.EPHEMERAL && cluster != null && !cluster.deleted()) {
                deleteCluster(run).subscribe().with(ignored -> store.save(run));
            }
        }
    }

    /** Stops every job JVM we started and fails the runs in flight; clusters are deleted on the way out. */
    void onStop(@Observes ShutdownEvent event) {
        for (Run run : runs.values()) {
            if (run.state().isFinal()) {
                continue;
            }
            Optional.ofNullable(jobs.remove(run.id())).ifPresent(JobProcess::stop);
            ClusterInfo cluster = run.cluster();
            if (cluster != null && run.parameters().mode() == ClusterMode.EPHEMERAL) {
                try {
                    oshinko.delete(cluster.name()).await().atMost(Duration.ofSeconds(20));
                    run.cluster(cluster.asDeleted());
                } catch (RuntimeException e) {
                    Log.warnf("could not delete cluster %s at shutdown: %s", cluster.name(), e.getMessage());
                }
            }
            run.finish(RunState.FAILED, "service stopped");
            store.saveNow(run);
        }
        heartbeats.shutdownNow();
    }

    /**
     * Validates and starts a run; returns at once, the flow goes on in the background.
     *
     * @throws ProblemException 400 naming every bad field
     */
    public Run start(RunRequest request) {
        RunRequestValidator.Validated valid = validator.validate(request);
        RunParameters parameters = valid.parameters();
        Run run = new Run(randomId(12), token(), parameters, Instant.now(), config.logLines());
        runs.put(run.id(), run);
        run.emit(RunEvent.ACCEPTED, map("id", run.id(), "parameters", parameters));
        store.save(run);
        flow(run, valid.dataPath()).subscribe().with(
                ignored -> Log.debugf("run %s ended %s", run.id(), run.state()),
                failure -> Log.errorf(failure, "run %s: flow broke", run.id()));
        return run;
    }

    public Run get(String id) {
        Run run = id == null ? null : runs.get(id);
        if (run == null) {
            throw ProblemException.notFound("no run with id '" + id + "'");
        }
        return run;
    }

    /** The newest runs, newest first, at most {@code sparkvar.runs.keep}. */
    public List<Run> list() {
        return runs.values().stream().sorted(Comparator.comparing(Run::created).reversed())
                .limit(config.keep()).toList();
    }

    /** The run's events after {@code afterId}, then live ones until the end, with heartbeat markers. */
    public Multi<RunEvent> events(Run run, long afterId) {
        return run.events(afterId, config.heartbeat(), heartbeats);
    }

    /**
     * Cancels a run: the worker wait or the job stops, the cluster is deleted, the run ends {@code cancelled}.
     *
     * @throws ProblemException 409 when the run is already over
     */
    public Run cancel(String id) {
        Run run = get(id);
        if (!run.requestCancel()) {
            throw ProblemException.conflict("run " + id + " is already " + run.state().eventName());
        }
        Log.infof("run %s: cancel requested", id);
        return run;
    }

    // ---- callbacks from the job ------------------------------------------------------------------------------

    void progress(Run run, Map<String, Object> progress) {
        // Reports may overtake each other on the wire; the stream only ever moves forward.
        if (run.advanceProgress(((Number) progress.get("percent")).doubleValue())) {
            run.emit(RunEvent.PROGRESS, progress);
            store.save(run);
        }
    }

    void result(Run run, Map<String, Object> result) {
        run.result(result);
        run.emit(RunEvent.RESULT, ResultSummary.of(result));
        store.save(run);
    }

    void jobError(Run run, String message) {
        jobErrors.put(run.id(), message);
    }

    // ---- the flow ---------------------------------------------------------------------------------------------

    private Uni<Void> flow(Run run, Path dataPath) {
        return master(run)
                .chain(master -> runJob(run, master, dataPath))
                .onItemOrFailure().transformToUni((exit, failure) -> finish(run, exit, failure));
    }

    /** Where the job's driver connects, and its conf folder when it reports to a cluster's Graphite. */
    private record Master(String url, Path confDir) {
    }

    private Uni<Master> master(Run run) {
        RunParameters p = run.parameters();
        return switch (p.mode()) {
            case LOCAL -> Uni.createFrom().item(new Master("local[*]", null));
            case MASTER -> Uni.createFrom().item(new Master(p.masterUrl(), null));
            case EPHEMERAL -> ephemeralCluster(run);
        };
    }

    private Uni<Master> ephemeralCluster(Run run) {
        RunParameters p = run.parameters();
        String name = "cluster-" + randomId(4);
        run.cluster(ClusterInfo.named(name));
        run.enter(RunState.CREATING_CLUSTER);
        store.save(run);
        NewCluster request = new NewCluster(name, new ClusterConfig(p.clusterConfig(), null, p.workers(),
                null, null, null, null, null, null, null));
        // The create call is never raced with a cancel: once asked for, the cluster must exist before we delete it.
        return oshinko.create(request)
                .ifNoItem().after(config.createTimeout()).failWith(() -> new TimeoutException())
                .onFailure(TimeoutException.class).transform(e -> new IllegalStateException(
                        "cluster " + name + " was not created within " + config.createTimeout().toSeconds() + " s"))
                .map(single -> clusterCreated(run, single.cluster()))
                .chain(cluster -> {
                    if (run.isCancelRequested()) {
                        return Uni.createFrom().failure(new RunCancelledException());
                    }
                    run.enter(RunState.WAITING_FOR_WORKERS);
                    store.save(run);
                    return cancellable(run, workers.watch(name, cluster.desiredWorkers())
                            .onItem().invoke(count -> {
                                run.cluster(run.cluster().withWorkers(count.alive(), count.desired()));
                                run.emit(RunEvent.WORKERS, map("alive", count.alive(), "desired", count.desired(),
                                        "elapsedSeconds", count.elapsed().toMillis() / 1000.0));
                                store.save(run);
                            })
                            .collect().last())
                            .invoke(last -> followWorkers(run, last.alive()))
                            .replaceWith(cluster);
                })
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(cluster -> {
                    Path confDir = store.runDir(run.id()).resolve("conf");
                    var carbon = addresses.carbon(name);
                    driverConf.write(confDir, carbon.host(), carbon.port());
                    run.confDir(confDir.toString());
                    return new Master(cluster.masterUrl(), confDir);
                });
    }

    /** After the wait, workers keep streaming as the elastic loop adds or removes them. */
    private void followWorkers(Run run, int alive) {
        ClusterInfo cluster = run.cluster();
        run.workerWatch(workers.follow(cluster.name(), alive).subscribe().with(count -> {
            ClusterInfo now = run.cluster();
            int desired = now.desiredWorkers() == null ? count : now.desiredWorkers();
            run.cluster(now.withWorkers(count, desired));
            run.emit(RunEvent.WORKERS, map("alive", count, "desired", desired));
            store.save(run);
        }, failure -> Log.debugf("run %s: worker following stopped: %s", run.id(), failure.getMessage())));
    }

    /** The elastic loop scaled a cluster: the run that uses it says so on its stream. */
    void onScaled(@Observes ClusterScaled scaled) {
        runs.values().stream()
                .filter(r -> !r.state().isFinal() && r.cluster() != null && scaled.cluster().equals(r.cluster().name()))
                .forEach(r -> {
                    ClusterInfo c = r.cluster();
                    r.cluster(c.withWorkers(c.aliveWorkers() == null ? 0 : c.aliveWorkers(), scaled.to()));
                    r.emit(RunEvent.CLUSTER_SCALED, map("from", scaled.from(), "to", scaled.to(),
                            "reason", scaled.reason()));
                    store.save(r);
                });
    }

    /**
     * Ephemeral clusters that runs are using now (workers registered or job running), not yet being deleted:
     * the clusters the elastic loop may scale.
     */
    public List<String> clustersInUse() {
        return runs.values().stream()
                .filter(Run::usesCluster)
                .map(r -> r.cluster().name())
                .toList();
    }

    private ClusterInfo clusterCreated(Run run, ClusterModel model) {
        Integer desired = model.config() == null ? null : model.config().workerCount();
        if (desired == null || desired < 1) {
            throw new IllegalStateException("oshinko created " + model.name() + " but reported no workerCount");
        }
        var carbon = addresses.carbon(model.name());
        ClusterInfo info = run.cluster()
                .withMaster(model.masterUrl(), model.masterWebUrl(), desired)
                .withMetrics(addresses.metricsUrl(model.name()), carbon.host() + ":" + carbon.port());
        run.cluster(info);
        run.emit(RunEvent.CLUSTER_CREATED, map("cluster", info.name(), "masterUrl", info.masterUrl(),
                "masterWebUrl", info.masterWebUrl(), "desiredWorkers", desired, "metricsUrl", info.metricsUrl()));
        store.save(run);
        return info;
    }

    private Uni<Integer> runJob(Run run, Master master, Path dataPath) {
        if (run.isCancelRequested()) {
            return Uni.createFrom().failure(new RunCancelledException());
        }
        run.enter(RunState.RUNNING);
        Path runDir = store.runDir(run.id());
        String callback = self.baseUri() + "/internal/runs/" + run.id();
        JobLauncher.Launch launch = new JobLauncher.Launch(master.url(), dataPath, runDir, master.confDir(), callback);
        return Uni.createFrom().item(() -> {
                    JobProcess job = launcher.start(run, launch);
                    jobs.put(run.id(), job);
                    run.jobPid(job.pid());
                    run.emit(RunEvent.JOB_STARTED, map("pid", job.pid(), "masterUrl", master.url(),
                            "confDir", master.confDir() == null ? null : master.confDir().toString()));
                    store.save(run);
                    return job;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(job -> cancellable(run, Uni.createFrom().completionStage(job.exit()))
                        .ifNoItem().after(config.jobTimeout()).failWith(() -> new IllegalStateException(
                                "the job ran longer than " + config.jobTimeout().toMinutes() + " min and was killed")));
    }

    /** Fails with {@link RunCancelledException} as soon as the run is cancelled, cancelling {@code step}. */
    private static <T> Uni<T> cancellable(Run run, Uni<T> step) {
        Uni<T> cancelled = Uni.createFrom().completionStage(run.cancelRequested())
                .onItem().<T>transformToUni(ignored -> Uni.createFrom().failure(new RunCancelledException()));
        return Uni.combine().any().of(step, cancelled);
    }

    /** Stops the job, deletes the cluster and enters the final state. Never fails. */
    private Uni<Void> finish(Run run, Integer exitCode, Throwable failure) {
        run.releaseCluster();
        return Uni.createFrom().item(() -> {
                    JobProcess job = jobs.remove(run.id());
                    if (job != null) {
                        job.stop();
                        Optional.ofNullable(job.errorMessage()).ifPresent(m -> jobErrors.putIfAbsent(run.id(), m));
                    }
                    if (exitCode != null) {
                        run.exitCode(exitCode);
                        if (exitCode == 0 && !run.hasResult()) {
                            readResultFile(run);
                        }
                    }
                    return run;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(() -> run.parameters().mode() == ClusterMode.EPHEMERAL && run.cluster() != null
                        ? deleteCluster(run) : Uni.createFrom().voidItem())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(() -> {
                    String jobError = jobErrors.remove(run.id());
                    if (run.isCancelRequested()) {
                        run.finish(RunState.CANCELLED, "cancelled by user");
                    } else if (failure != null) {
                        run.finish(RunState.FAILED, describe(failure));
                    } else if (exitCode != 0) {
                        run.finish(RunState.FAILED, "the job exited with code " + exitCode
                                + (jobError == null ? lastLogLine(run) : ": " + jobError));
                    } else if (!run.hasResult()) {
                        run.finish(RunState.FAILED, "the job exited 0 but reported no result");
                    } else {
                        run.finish(RunState.COMPLETED, null);
                    }
                    store.saveNow(run);
                })
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "run %s: cleanup failed", run.id());
                    run.finish(RunState.FAILED, "cleanup failed: " + e.getMessage());
                    store.saveNow(run);
                    return null;
                })
                .replaceWithVoid();
    }

    /** Deletes the run's cluster, retrying; a deletion that still fails is a warning on the run, never silent. */
    private Uni<Void> deleteCluster(Run run) {
        String name = run.cluster().name();
        return oshinko.delete(name)
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5))
                .atMost(Math.max(0, config.deleteAttempts() - 1))
                .invoke(() -> {
                    run.cluster(run.cluster().asDeleted());
                    run.emit(RunEvent.CLUSTER_DELETED, map("cluster", name));
                })
                .onFailure().recoverWithItem(e -> {
                    run.warn("cluster " + name + " could not be deleted after " + config.deleteAttempts()
                            + " attempts: " + e.getMessage());
                    return null;
                });
    }

    private void readResultFile(Run run) {
        Path file = store.runDir(run.id()).resolve("result.json");
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = json.readValue(file.toFile(), Map.class);
            result(run, result);
        } catch (IOException e) {
            run.warn("the job's result file could not be read: " + e.getMessage());
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof OshinkoException e) {
            return "oshinko: " + e.status() + " " + e.title() + ": " + e.details();
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static String lastLogLine(Run run) {
        List<String> lines = run.log().lines();
        return lines.isEmpty() ? "" : " (last output: " + lines.get(lines.size() - 1) + ")";
    }

    /** A map that, unlike {@code Map.of}, keeps order and allows null values (JSON nulls). */
    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static String randomId(int length) {
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
