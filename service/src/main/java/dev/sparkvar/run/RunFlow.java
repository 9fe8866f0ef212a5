package dev.sparkvar.run;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.cluster.ClustersInUse;
import dev.sparkvar.cluster.WorkerWaitTimeoutException;
import dev.sparkvar.jobapi.JobEvents;
import dev.sparkvar.pool.WarmPool;
import dev.sparkvar.pool.WarmSlot;
import dev.sparkvar.problem.ProblemException;
import dev.sparkvar.server.LocalServer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A run's whole life, top to bottom: {@code ACCEPTED → [QUEUED →] CREATING_CLUSTER → WAITING_FOR_WORKERS → RUNNING →
 * COMPLETED | FAILED | CANCELLED} (an ephemeral cluster's job starts once its master answers: RUNNING while its
 * workers still register). The happy path is {@link #flow}, where the cluster comes from {@link ClusterStep}; every
 * failure and a cancel land in
 * {@link #finish}, which always stops the job and deletes the cluster before the run takes its final state, and
 * then hands the run's admission slot on ({@link Admission}).
 * Blocking steps (files, process starts and stops) run on worker threads, never on the event loop.
 */
@ApplicationScoped
public class RunFlow {

    private final RunsConfig config;
    private final RunRequestValidator validator;
    private final Runs runs;
    private final RunStore store;
    private final Clusters clusters;
    private final ClustersInUse inUse;
    private final JobLauncher launcher;
    private final JobReports reports;
    private final ClusterLoss loss;
    private final LocalServer self;
    private final Admission admission;
    private final WarmPool pool;
    private final ClusterStep step;

    public RunFlow(RunsConfig config, RunRequestValidator validator, Runs runs, RunStore store, Clusters clusters,
            ClustersInUse inUse, ClusterStep step, JobLauncher launcher, JobReports reports,
            ClusterLoss loss, LocalServer self, Admission admission, WarmPool pool) {
        this.pool = pool;
        this.step = step;
        this.config = config;
        this.validator = validator;
        this.runs = runs;
        this.store = store;
        this.clusters = clusters;
        this.inUse = inUse;
        this.launcher = launcher;
        this.reports = reports;
        this.loss = loss;
        this.self = self;
        this.admission = admission;
    }

    /** Validates, takes a slot or a place in the queue, starts a run; returns at once. @throws ProblemException 400, 429 */
    public Run start(RunRequest request) {
        RunRequestValidator.Validated valid = validator.validate(request);
        RunParameters asked = valid.parameters();
        // a warm pool's slot, for a run that wants what a slot has: an ephemeral cluster of the default config
        Optional<WarmSlot> slot = asked.mode() == ClusterMode.EPHEMERAL
                && pool.fits(asked.clusterConfig(), asked.workers(), RunRequestValidator.DEFAULT_CLUSTER_CONFIG)
                ? pool.take() : Optional.empty();
        Admission.Ticket ticket;
        try {
            ticket = slot.isPresent() ? admission.enterWithSlot() : admission.enter();
        } catch (RuntimeException e) {
            slot.ifPresent(pool::giveBack);
            throw e;
        }
        Run run;
        try {
            run = runs.create(valid.parameters());
            RunParameters p = valid.parameters();
            // holdings once in the record (GET /runs/{id}); the event counts them
            run.emit(RunEvent.ACCEPTED, p.holdings() == null ? RunEvent.data("id", run.id(), "parameters", p)
                    : RunEvent.data("id", run.id(), "parameters", p.withoutHoldings(), "holdingsTickers", p.holdings().size()));
            admission.attach(ticket, run);
        } catch (RuntimeException e) {
            admission.release(ticket);
            slot.ifPresent(pool::giveBack);
            throw e;
        }
        if (ticket.isQueued()) {
            pool.yieldToRun(); // runs come before the pool's slots
        }
        flow(run, valid.dataPath(), ticket, slot.orElse(null)).subscribe().with(
                ignored -> Log.debugf("run %s ended %s", run.id(), run.state()),
                failure -> Log.errorf(failure, "run %s: flow broke", run.id()));
        return run;
    }

    /** Cancels a run: the wait or the job stops, the cluster goes, it ends {@code cancelled}. @throws 409 if over */
    public Run cancel(String id) {
        Run run = runs.get(id);
        if (!run.requestCancel()) {
            throw ProblemException.conflict("run " + id + (run.state().isFinal() ? " is already "
                    + run.state().eventName() : " has its result already: it completes, whatever a cancel says"));
        }
        Log.infof("run %s: cancel requested", id);
        return run;
    }

    // ---- the happy path -----------------------------------------------------------------------------------------

    private Uni<Void> flow(Run run, Path dataPath, Admission.Ticket ticket, WarmSlot slot) {
        return admitted(run, ticket)
                .chain(() -> slot == null ? step.master(run) : step.pooled(run, (StandbySlots.PooledJob) slot))
                .chain(master -> runJob(run, master, dataPath))
                .onItemOrFailure().transformToUni((exit, failure) -> finish(run, exit, failure))
                .onTermination().invoke(() -> {
                    admission.release(ticket); // cleaned up: the next run may start
                    if (slot != null) {
                        pool.runEnded(slot); // the pool refills now, not beside this run (WarmPool#take)
                    }
                });
    }

    /** Waits for a slot (a cancel ends the wait), then says so on the stream if the run had to wait. */
    private Uni<Void> admitted(Run run, Admission.Ticket ticket) {
        return run.cancellable(ticket.admitted())
                .emitOn(Infrastructure.getDefaultWorkerPool()) // off the thread that released the slot
                .invoke(() -> {
                    if (run.isCancelRequested()) { // admitted and cancelled at once: still no cluster
                        throw new RunCancelledException();
                    }
                    Instant queued = run.enteredAt(RunState.QUEUED);
                    if (queued != null) {
                        run.emit(RunEvent.ADMITTED, RunEvent.data("waitedSeconds",
                                Duration.between(queued, Instant.now()).toMillis() / 1000.0));
                    }
                });
    }

    private Uni<Integer> runJob(Run run, ClusterStep.Master master, Path dataPath) {
        if (run.isCancelRequested()) {
            return Uni.createFrom().failure(new RunCancelledException());
        }
        run.enter(RunState.RUNNING);
        Path runDir = store.runDir(run.id());
        String callback = JobEvents.callbackBase(config.callbackUrl().orElseGet(self::baseUri).toString(), run.id());
        JobLauncher.Launch launch = new JobLauncher.Launch(master.url(), dataPath, runDir, master.confDir(), callback,
                master.secret());
        return Uni.createFrom().item(() -> {
                    if (run.state().isFinal()) {
                        // the service is stopping (RunLifecycle failed the run while its cluster was being made):
                        // no job may start now, it would outlive the service
                        throw new IllegalStateException("the run ended before its job started");
                    }
                    RunningJob job = master.standby() == null ? launcher.start(run, launch)
                            : launcher.hand(master.standby(), run, launch);
                    run.job().started(job);
                    if (run.state().isFinal()) {
                        // failed by a stopping service between the check above and now: it did not see this job
                        job.stop();
                        throw new IllegalStateException("the run ended while its job started");
                    }
                    run.emit(RunEvent.JOB_STARTED, RunEvent.data("pid", job.pid(), "masterUrl", master.url(),
                            "confDir", master.confDir() == null ? null : master.confDir().toString()));
                    return job;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(job -> run.cancellable(whileFollowingWorkers(run, master,
                        Uni.createFrom().completionStage(job.exit())))
                        .ifNoItem().after(config.jobTimeout()).failWith(() -> new IllegalStateException(
                                "the job ran longer than " + WorkerWaitTimeoutException.human(config.jobTimeout()) + " and was stopped")));
    }

    /**
     * While the job runs: first the wait for the cluster's workers (its {@code workers} events; its timeout fails the
     * run, stopping the job); once they are up, workers the elastic loop adds or removes show on the stream, and a
     * cluster that lost its master or all its workers fails the run (watched only from then on: a cluster whose
     * workers are still registering has none yet). All of it ends with the job.
     */
    private Uni<Integer> whileFollowingWorkers(Run run, ClusterStep.Master master, Uni<Integer> exit) {
        Cluster cluster = master.cluster();
        if (cluster == null) {
            return exit;
        }
        Uni<Integer> workersThenFollowing = master.workersUp().onItem().transformToUni(up -> {
            Integer alive = run.cluster().aliveWorkers();
            Uni<Integer> following = clusters.followWorkers(cluster.name(), alive == null ? 0 : alive)
                    .onItem().invoke(count -> step.workers(run, count, null, null))
                    .onFailure().invoke(e -> Log.debugf("run %s: worker following stopped: %s", run.id(), e.getMessage()))
                    .onFailure().recoverWithCompletion()
                    .onItem().ignoreAsUni()
                    .onItem().transformToUni(ignored -> Uni.createFrom().<Integer>nothing()); // never wins the race
            return Uni.combine().any().of(following, loss.<Integer>watch(cluster));
        });
        return Uni.combine().any().of(exit, workersThenFollowing);
    }

    // ---- the end, whatever happened -----------------------------------------------------------------------------

    /** Stops the job, deletes the cluster and enters the final state. Never fails. */
    private Uni<Void> finish(Run run, Integer exitCode, Throwable failure) {
        if (run.cluster() != null) {
            inUse.release(run.cluster().name()); // never scaled again on its way out
        }
        return Uni.createFrom().item(() -> reports.jobEnded(run, exitCode))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(() -> deleteCluster(run))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(() -> {
                    end(run, exitCode, failure);
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

    /**
     * The final state, by precedence (README, "Results are never lost"): a result that reached the service wins
     * over everything (a non-zero exit or a failure after it is a warning); then a user's cancel; then the failure,
     * the exit code, or the missing result.
     */
    private static void end(Run run, Integer exitCode, Throwable failure) {
        String problem = failure != null ? Reasons.of(failure)
                : exitCode != 0 ? "the job exited with code " + exitCode + Reasons.signal(exitCode)
                        + (run.job().error() == null ? Reasons.lastLogLine(run) : ": " + run.job().error())
                : run.job().hasResult() ? null : "the job exited 0 but reported no result";
        if (run.job().hasResult()) {
            if (problem != null) {
                run.warn("after its result was kept: " + problem);
            }
            run.finish(RunState.COMPLETED, null);
        } else if (run.isCancelRequested()) {
            run.finish(RunState.CANCELLED, "cancelled by user");
        } else {
            run.finish(RunState.FAILED, problem);
        }
    }

    /**
     * Deletes the run's ephemeral cluster, retrying; a deletion that still fails is a warning on the run and is
     * left to {@link ClusterReaper}. Nothing to do for other modes or when no cluster can exist.
     */
    Uni<Void> deleteCluster(Run run) {
        if (!run.clusterPending()) {
            return Uni.createFrom().voidItem();
        }
        String name = run.cluster().name();
        inUse.release(name);
        return clusters.delete(name)
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5))
                .atMost(Math.max(0, config.deleteAttempts() - 1))
                .invoke(run::clusterDeleted)
                .onFailure().recoverWithItem(e -> {
                    run.warn("cluster " + name + " could not be deleted after " + config.deleteAttempts()
                            + " attempts: " + e.getMessage() + "; the reaper keeps trying");
                    return null;
                });
    }
}
