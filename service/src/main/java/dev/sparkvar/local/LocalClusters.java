package dev.sparkvar.local;

import dev.sparkvar.cds.ClassArchives;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.OshinkoException;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.oshinko.ClusterConfig;
import dev.sparkvar.ownership.Folders;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.PrivateFiles;
import dev.sparkvar.spark.SparkInstall;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local backend's clusters as processes: each one a real Spark standalone Master and Workers started as child
 * JVMs on 127.0.0.1 ({@link SparkDaemons}), with an embedded carbon receiver for the Master's metrics. It speaks no
 * oshinko: {@link LocalOshinko} checks the requests and shapes the answers. Every method blocks (process starts and
 * stops): call them from a worker thread, never from the event loop.
 */
@ApplicationScoped
public class LocalClusters {

    /** The cluster was deleted while the caller held it: for the caller, it is gone. */
    static final class Gone extends RuntimeException {
        Gone() {
            super(null, null, false, false);
        }
    }

    /** A start that failed; what it had started is stopped (the message says what would not stop). */
    static final class StartFailed extends RuntimeException {
        StartFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SparkDaemons daemons;
    private final LocalConfig config;
    private final EmbeddedGraphite graphite;
    private final Map<String, LocalCluster> clusters = new ConcurrentHashMap<>();

    public LocalClusters(SparkInstall spark, LocalConfig config, EmbeddedGraphite graphite, Ledger ledger,
            ClassArchives archives) {
        this.daemons = new SparkDaemons(spark, config, ledger, archives);
        this.config = config;
        this.graphite = graphite;
    }

    /**
     * At start, when the embedded backend acts: the clusters' work folder must be ours alone (0700, ours, not a link),
     * or the service does not start, naming the setting.
     */
    void requirePrivateWorkDir(@Observes StartupEvent event, EmbeddedDefault embedded) {
        if (embedded.active()) {
            PrivateFiles.requirePrivateFolder(config.workDir(), "sparkvar.local.work-dir");
        }
    }

    /**
     * Starts the Master, waits for its port, starts the Workers; empty if the name is taken. On a failure whatever
     * started is stopped and the folder removed before {@link StartFailed}.
     */
    Optional<LocalCluster> start(String name, ClusterConfigResolver.Resolved resolved) {
        daemons.requireBuilt();
        Path dir = daemons.clusterDir(name);
        LocalCluster cluster = new LocalCluster(name, dir, resolved.config(), resolved.workerSpark(),
                SparkSecret.random());
        try {
            // locked before it is visible, so that a concurrent delete waits for the start to finish
            synchronized (cluster) {
                if (clusters.putIfAbsent(name, cluster) != null) {
                    return Optional.empty();
                }
                SparkDaemons.createDirectories(dir);
                if (resolved.config().metricsEnabled()) {
                    cluster.carbon = graphite.start(name);
                }
                daemons.startMaster(cluster, resolved.masterSpark());
                for (int i = 0; i < resolved.config().workerCount(); i++) {
                    daemons.startWorker(cluster);
                }
            }
        } catch (RuntimeException e) {
            Optional<String> left = stopAll(cluster);
            clusters.remove(name, cluster);
            Folders.delete(dir);
            String details = e instanceof OshinkoException oe ? oe.details() : e.getMessage();
            throw new StartFailed(details + left.map(l -> "; cleanup incomplete: " + l).orElse(""), e);
        }
        Log.infof("local cluster %s: master %s, %d worker(s), metrics %s", name, cluster.masterUrl(),
                resolved.config().workerCount(), cluster.carbon == null ? "off" : "to carbon " + cluster.carbon);
        return Optional.of(cluster);
    }

    /**
     * Sets the worker count: replaces Workers that died on their own, starts new ones or stops the newest ones.
     * Returns what would not stop (kept in the list, so that a later delete tries again).
     */
    Optional<String> scale(LocalCluster cluster, int workers) {
        synchronized (cluster) {
            if (cluster.deleted) {
                throw new Gone();
            }
            List<String> failures = new ArrayList<>();
            // a Worker that died on its own is replaced rather than counted
            cluster.workers.removeIf(p -> !p.alive());
            while (cluster.workers.size() < workers) {
                daemons.startWorker(cluster);
            }
            List<SparkProcess> surplus = List.copyOf(cluster.workers.subList(workers, cluster.workers.size()));
            for (int i = surplus.size() - 1; i >= 0; i--) {
                SparkProcess worker = surplus.get(i);
                Optional<String> left = worker.stop(config.stopTimeout());
                if (left.isPresent()) {
                    failures.add(left.get());
                } else {
                    cluster.workers.remove(worker);
                }
            }
            ClusterConfig c = cluster.config;
            cluster.config = new ClusterConfig(c.name(), c.masterCount(), workers, c.sparkMasterConfig(),
                    c.sparkWorkerConfig(), c.sparkImage(), c.metrics(), c.scorpionstare(), c.minWorkers(), c.maxWorkers());
            if (failures.isEmpty()) {
                Log.infof("local cluster %s scaled to %d worker(s)", cluster.name, workers);
                return Optional.empty();
            }
            return Optional.of(String.join("; ", failures));
        }
    }

    /**
     * Stops every process of the cluster and forgets it, or returns what would not die (the cluster then stays,
     * marked incomplete, so that a retry can finish).
     */
    Optional<String> stop(LocalCluster cluster) {
        synchronized (cluster) {
            if (cluster.deleted) {
                throw new Gone();
            }
            Optional<String> left = stopAll(cluster);
            if (left.isPresent()) {
                cluster.incomplete = left.get();
                return left;
            }
            cluster.deleted = true;
            clusters.remove(cluster.name, cluster);
        }
        Folders.delete(cluster.dir);
        Log.infof("local cluster %s deleted", cluster.name);
        return Optional.empty();
    }

    Optional<LocalCluster> find(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    /** Every cluster now. */
    List<LocalCluster> all() {
        return List.copyOf(clusters.values());
    }

    SparkDaemons daemons() {
        return daemons;
    }

    /** PIDs of every live process of the cluster (master, workers, executors), for tests and benchmarks. */
    public List<Long> pids(String name) {
        return find(name).map(LocalCluster::pids).orElse(List.of());
    }

    /** PIDs of the cluster's daemons by role ({@code master}, {@code worker-1}, ...), for benchmarks. */
    public Map<String, Long> daemonPids(String name) {
        Map<String, Long> pids = new LinkedHashMap<>();
        find(name).ifPresent(cluster -> cluster.processes()
                .forEach(p -> pids.put(p.role().substring(p.role().lastIndexOf(' ') + 1), p.pid())));
        return pids;
    }

    /** The Spark authentication secret of a local cluster, for its driver; empty for a cluster we do not run. */
    public Optional<SparkSecret> secret(String name) {
        return find(name).map(c -> c.secret);
    }

    /** The carbon receiver of a local cluster, if metrics are on. */
    public Optional<HostAndPort> carbon(String name) {
        return find(name).map(c -> c.carbon);
    }

    /** At shutdown, once: this event only (it also ran from {@code @PreDestroy}, stopping everything twice). */
    void onStop(@Observes ShutdownEvent event) {
        stopEverything();
    }

    /** Every cluster's processes stopped, its folder removed (tests call it between cases). */
    void stopEverything() {
        for (LocalCluster cluster : all()) {
            synchronized (cluster) {
                stopAll(cluster).ifPresent(left -> Log.errorf("local cluster %s: %s", cluster.name, left));
                cluster.deleted = true;
                clusters.remove(cluster.name, cluster);
            }
            Folders.delete(cluster.dir);
        }
    }

    /** Stops workers (newest first), the master, then the carbon receiver; returns what would not die. */
    private Optional<String> stopAll(LocalCluster cluster) {
        List<String> failures = new ArrayList<>();
        synchronized (cluster) {
            cluster.stopOrder().forEach(p -> p.stop(config.stopTimeout()).ifPresent(failures::add));
            if (failures.isEmpty()) {
                cluster.workers.clear();
            } else {
                cluster.workers.removeIf(p -> !p.alive() && p.pids().isEmpty());
            }
        }
        graphite.stop(cluster.name);
        return failures.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failures));
    }
}
