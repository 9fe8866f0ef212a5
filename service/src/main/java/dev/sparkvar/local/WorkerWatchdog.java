package dev.sparkvar.local;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Keeps each local cluster at the workers it is meant to have, as Kubernetes keeps a worker Deployment's pods. */
@ApplicationScoped
public class WorkerWatchdog {

    private final LocalClusters local;
    private final LocalConfig config;

    public WorkerWatchdog(LocalClusters local, LocalConfig config) {
        this.local = local;
        this.config = config;
    }

    /**
     * Starts a new Worker for every one that died on its own (killed, out of memory) in a cluster whose master
     * runs, as Kubernetes restarts a worker pod; one that cannot start is left for the next pass.
     */
    @Scheduled(identity = "local-worker-watchdog", every = "{sparkvar.local.watch-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void replaceDeadWorkers() {
        for (LocalCluster cluster : local.all()) {
            synchronized (cluster) {
                if (cluster.deleted || cluster.master == null || !cluster.master.alive()
                        || cluster.workers.stream().allMatch(SparkProcess::alive)) {
                    continue;
                }
                int wanted = cluster.config.workerCount();
                cluster.workers.removeIf(p -> !p.alive() && p.stop(config.stopTimeout()).isEmpty());
                try {
                    while (cluster.workers.size() < wanted) {
                        local.daemons().startWorker(cluster);
                    }
                    Log.infof("local cluster %s: dead worker(s) replaced, %d running", cluster.name, wanted);
                } catch (RuntimeException e) {
                    Log.warnf("local cluster %s: could not replace a dead worker: %s", cluster.name, e.getMessage());
                }
            }
        }
    }
}
