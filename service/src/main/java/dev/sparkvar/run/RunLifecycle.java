package dev.sparkvar.run;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * Runs across the service's own life: at start-up the stored runs come back, and those that were in flight fail
 * and lose their cluster (queued ones fail "service restarted while queued"); at shutdown nothing more is admitted,
 * and the runs in flight stop their job, delete their cluster and fail.
 */
@ApplicationScoped
public class RunLifecycle {

    private static final Duration SHUTDOWN_DELETE = Duration.ofSeconds(20);
    /** A job start in flight at shutdown: a class-sharing check (about a second) and, if it came too late, a stop. */
    private static final Duration SHUTDOWN_STARTS = Duration.ofSeconds(30);

    private final RunsConfig config;
    private final Runs runs;
    private final RunStore store;
    private final RunFlow flow;
    private final JobReports reports;
    private final Admission admission;
    private final JobLauncher launcher;

    public RunLifecycle(RunsConfig config, Runs runs, RunStore store, RunFlow flow, JobReports reports,
            Admission admission, JobLauncher launcher) {
        this.config = config;
        this.runs = runs;
        this.store = store;
        this.flow = flow;
        this.reports = reports;
        this.admission = admission;
        this.launcher = launcher;
    }

    void onStart(@Observes StartupEvent event) {
        // only what the retention keeps is read (RunStore.loadAll); the rest of the finished runs goes
        for (StoredRun stored : store.loadAll(config.retention().count(), config.retention().maxAge())) {
            Run run = runs.add(Run.restore(stored, config.logLines(), runs.bounds()));
            if (!run.state().isFinal()) {
                Log.infof("run %s was %s when the service stopped: failing it", run.id(), run.state());
                // a queued run never had a cluster; its place in a queue of a previous process is lost, and starting
                // it now would surprise whoever gave up waiting: it fails, saying why
                run.finish(RunState.FAILED, run.state() == RunState.QUEUED ? "service restarted while queued"
                        : "service restarted");
                store.saveNow(run);
            }
            // an undeleted cluster is the reaper's from now on (ClusterReaper)
        }
    }

    /**
     * SIGTERM: first thing, while this service still answers HTTP (its embedded oshinko and Graphite among them;
     * {@code quarkus.shutdown.delay-enabled=true} makes Quarkus fire this before it closes the HTTP server).
     */
    void onShutdownStarts(@Observes ShutdownDelayInitiatedEvent event) {
        stopRuns();
    }

    /** Whatever the shutdown's first step left (e.g. a run started meanwhile). */
    void onStop(@Observes ShutdownEvent event) {
        stopRuns();
    }

    /**
     * Each run in flight fails "service stopped" (a result it holds completes it) before its job is stopped, so that
     * what the stop does to it (the job's exit 143, a closed connection) is not taken for the reason; its stream then
     * ends with the cluster's deletion.
     */
    private synchronized void stopRuns() {
        admission.close(); // a slot freed below must not start a queued run's cluster on the way out
        // no job JVM starts from now on, and one starting now stops itself before this returns (JobStarts): a run
        // failed below must not get a job that nobody stops
        launcher.close(SHUTDOWN_STARTS);
        for (Run run : runs.all()) {
            if (run.state().isFinal()) {
                continue;
            }
            Log.infof("run %s was %s when the service stopped: failing it", run.id(), run.state());
            if (run.job().hasResult()) {
                run.finish(RunState.COMPLETED, null);
            } else {
                run.finish(RunState.FAILED, "service stopped");
            }
            reports.jobEnded(run, null);
            try {
                flow.deleteCluster(run).await().atMost(SHUTDOWN_DELETE);
            } catch (RuntimeException e) {
                Log.warnf("could not delete the cluster of run %s at shutdown: %s", run.id(), e.getMessage());
            }
            store.saveNow(run);
        }
    }
}
