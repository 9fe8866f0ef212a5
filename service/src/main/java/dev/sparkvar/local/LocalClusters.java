package dev.sparkvar.local;

import dev.sparkvar.oshinko.ClusterConfig;
import dev.sparkvar.cluster.ClusterConflictException;
import dev.sparkvar.oshinko.ClusterList;
import dev.sparkvar.oshinko.ClusterModel;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.oshinko.NewCluster;
import dev.sparkvar.cluster.OshinkoException;
import dev.sparkvar.ownership.Folders;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.PrivateFiles;
import dev.sparkvar.ownership.Sweep;
import dev.sparkvar.problem.LogSafe;
import dev.sparkvar.spark.SparkInstall;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local backend's clusters: each one a real Spark standalone Master and Workers started as child JVMs
 * on 127.0.0.1, with an embedded carbon receiver for the Master's metrics. Every method blocks (process
 * starts and stops): call them from a worker thread, never from the event loop.
 */
@ApplicationScoped
public class LocalClusters {

    /** Kubernetes DNS label, as the oshinko web UI required: the name becomes Service and host names. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final SparkDaemons daemons;
    private final Sweep sweep;
    private final LocalConfig config;
    private final EmbeddedGraphite graphite;
    private final ClusterConfigResolver resolver;
    private final Map<String, LocalCluster> clusters = new ConcurrentHashMap<>();

    public LocalClusters(SparkInstall spark, LocalConfig config, EmbeddedGraphite graphite, Ledger ledger, Sweep sweep) {
        this.daemons = new SparkDaemons(spark, config, ledger);
        this.sweep = sweep;
        this.config = config;
        this.graphite = graphite;
        this.resolver = new ClusterConfigResolver(new NamedConfigs(config.configDir()));
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

    /** Creates a cluster: resolves its config, starts the Master, waits for its port, starts the Workers. */
    public ClusterModel create(NewCluster request) {
        String title = "cannot create cluster";
        if (request == null) {
            throw new OshinkoException(422, "Unprocessable Entity", "the request body is required: {\"name\":..,\"config\":{..}}");
        }
        String name = request.name();
        if (name == null || name.isEmpty()) {
            throw new OshinkoException(422, "Unprocessable Entity", "name in body is required");
        }
        if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
            throw new ClusterConflictException(title, "cluster name '" + LogSafe.of(name, 80) + "' is not a DNS label: at most 63"
                    + " characters a-z, 0-9 and '-', starting and ending with a letter or digit");
        }
        ClusterConfigResolver.Resolved resolved = resolver.resolve(request.config(), title);
        checkLimit(resolved.config().workerCount(), title);
        daemons.requireBuilt();
        Path dir = daemons.clusterDir(name);
        LocalCluster cluster = new LocalCluster(name, dir, resolved.config(), resolved.workerSpark(),
                SparkSecret.random());
        try {
            // locked before it is visible, so that a concurrent delete waits for the start to finish
            synchronized (cluster) {
                if (clusters.putIfAbsent(name, cluster) != null) {
                    throw new ClusterConflictException(title, "cluster '" + name + "' already exists");
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
            Log.infof("local cluster %s: master %s, %d worker(s), metrics %s", name, cluster.masterUrl(),
                    resolved.config().workerCount(), cluster.carbon == null ? "off" : "to carbon " + cluster.carbon);
            return cluster.model();
        } catch (ClusterConflictException e) {
            throw e;
        } catch (RuntimeException e) {
            Optional<String> left = stopAll(cluster);
            clusters.remove(name, cluster);
            Folders.delete(dir);
            String details = e instanceof OshinkoException oe ? oe.details() : e.getMessage();
            throw new OshinkoException(500, title, details + left.map(l -> "; cleanup incomplete: " + l).orElse(""), e);
        }
    }

    /** The cluster as oshinko reports it. */
    public ClusterModel get(String name) {
        return find(name, "cannot get cluster").model();
    }

    /** Every cluster, oshinko's list shape. */
    public ClusterList list() {
        return new ClusterList(clusters.values().stream().sorted(Comparator.comparing(c -> c.name))
                .map(LocalCluster::summary).toList());
    }

    /** Sets the worker count: starts new Workers or stops the newest ones. */
    public ClusterModel update(String name, NewCluster request) {
        String title = "cannot update cluster";
        LocalCluster cluster = find(name, title);
        if (request == null) {
            throw new OshinkoException(422, "Unprocessable Entity", "the request body is required: {\"name\":..,\"config\":{..}}");
        }
        if (request.name() != null && !request.name().isEmpty() && !request.name().equals(name)) {
            throw new ClusterConflictException(title, "changing the cluster name is not supported");
        }
        ClusterConfig requested = request.config();
        // oshinko applies only the worker count on update; absent means "keep"
        int workers = requested == null || requested.workerCount() == null
                ? cluster.config.workerCount() : requested.workerCount();
        if (workers < 1) {
            throw ClusterConfigResolver.invalid(title, "cluster configuration may not have a workerCount less than 1");
        }
        checkLimit(workers, title);
        synchronized (cluster) {
            if (cluster.deleted) {
                throw new ClusterNotFoundException(title, "no such cluster '" + name + "'");
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
                    failures.add(left.get()); // kept in the list: a later delete tries again
                } else {
                    cluster.workers.remove(worker);
                }
            }
            ClusterConfig c = cluster.config;
            cluster.config = new ClusterConfig(c.name(), c.masterCount(), workers, c.sparkMasterConfig(),
                    c.sparkWorkerConfig(), c.sparkImage(), c.metrics(), c.scorpionstare(), c.minWorkers(), c.maxWorkers());
            if (!failures.isEmpty()) {
                throw new OshinkoException(500, title, "scale-down may be incomplete: " + String.join("; ", failures));
            }
            Log.infof("local cluster %s scaled to %d worker(s)", name, workers);
        }
        return cluster.model();
    }

    /** Stops every process of the cluster and forgets it; 500 "deletion may be incomplete" if one would not die. */
    public void delete(String name) {
        String title = "cluster deletion failed";
        LocalCluster cluster = clusters.get(name);
        if (cluster == null) {
            deleteSwept(name, title);
            return;
        }
        synchronized (cluster) {
            if (cluster.deleted) {
                throw new ClusterNotFoundException(title, "no such cluster");
            }
            Optional<String> left = stopAll(cluster);
            if (left.isPresent()) {
                cluster.incomplete = left.get();
                throw new OshinkoException(500, title, "deletion may be incomplete: " + left.get());
            }
            cluster.deleted = true;
            clusters.remove(name, cluster);
        }
        Folders.delete(cluster.dir);
        Log.infof("local cluster %s deleted", name);
    }

    /** Every cluster now, for the worker watchdog. */
    List<LocalCluster> all() {
        return List.copyOf(clusters.values());
    }

    SparkDaemons daemons() {
        return daemons;
    }

    /**
     * A cluster this backend ran before a restart is known only to the start-up sweep: deleted (204) when the sweep
     * stopped all of its processes, 500 "deletion may be incomplete" when some would not die. 404 only for a name
     * that was never ours, so that a 404 stays proof of absence.
     */
    private void deleteSwept(String name, String title) {
        Optional<String> left = sweep.result(name)
                .orElseThrow(() -> new ClusterNotFoundException(title, "no such cluster"));
        if (left.isPresent()) {
            throw new OshinkoException(500, title, "deletion may be incomplete: " + left.get());
        }
        sweep.acknowledge(name);
        Log.infof("local cluster %s: its processes were stopped by the start-up sweep", name);
    }

    /** PIDs of every live process of the cluster (master, workers, executors), for tests and benchmarks. */
    public List<Long> pids(String name) {
        LocalCluster cluster = clusters.get(name);
        return cluster == null ? List.of() : cluster.pids();
    }

    /** PIDs of the cluster's daemons by role ({@code master}, {@code worker-1}, ...), for benchmarks. */
    public Map<String, Long> daemonPids(String name) {
        LocalCluster cluster = clusters.get(name);
        Map<String, Long> pids = new LinkedHashMap<>();
        if (cluster != null) {
            cluster.processes().forEach(p -> pids.put(p.role().substring(p.role().lastIndexOf(' ') + 1), p.pid()));
        }
        return pids;
    }

    /** The Spark authentication secret of a local cluster, for its driver; empty for a cluster we do not run. */
    public Optional<SparkSecret> secret(String name) {
        return Optional.ofNullable(clusters.get(name)).map(c -> c.secret);
    }

    /** The carbon receiver of a local cluster, if metrics are on. */
    public Optional<HostAndPort> carbon(String name) {
        return Optional.ofNullable(clusters.get(name)).map(c -> c.carbon);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopEverything();
    }

    @PreDestroy
    void stopEverything() {
        for (LocalCluster cluster : List.copyOf(clusters.values())) {
            synchronized (cluster) {
                stopAll(cluster).ifPresent(left -> Log.errorf("local cluster %s: %s", cluster.name, left));
                cluster.deleted = true;
                clusters.remove(cluster.name, cluster);
            }
            Folders.delete(cluster.dir);
        }
    }

    /** Every Worker is a JVM on this machine: a typo like 100 must not start 100 of them. */
    private void checkLimit(int workers, String title) {
        if (workers > config.maxWorkers()) {
            throw new ClusterConflictException(title, "workerCount " + workers + " is more than the local backend's limit of "
                    + config.maxWorkers() + " (sparkvar.local.max-workers)");
        }
    }

    private LocalCluster find(String name, String title) {
        LocalCluster cluster = clusters.get(name);
        if (cluster == null) {
            // the name as sent may be long or hold line breaks: quoted escaped and cut
            throw new ClusterNotFoundException(title, "no such cluster '" + LogSafe.of(name, 80) + "'");
        }
        return cluster;
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
