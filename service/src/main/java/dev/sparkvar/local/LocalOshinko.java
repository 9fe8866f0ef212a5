package dev.sparkvar.local;

import dev.sparkvar.cluster.ClusterConflictException;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.OshinkoException;
import dev.sparkvar.oshinko.ClusterConfig;
import dev.sparkvar.oshinko.ClusterList;
import dev.sparkvar.oshinko.ClusterModel;
import dev.sparkvar.oshinko.NewCluster;
import dev.sparkvar.ownership.Sweep;
import dev.sparkvar.problem.LogSafe;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Oshinko's wire rules ([F]) over the local clusters: which names and requests are accepted, how a request's config
 * is resolved, the shapes answered and the errors with oshinko's statuses and words. The processes themselves are
 * {@link LocalClusters}'. Blocking, as it is: call from a worker thread.
 */
@ApplicationScoped
public class LocalOshinko {

    /** Kubernetes DNS label, as the oshinko web UI required: the name becomes Service and host names. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final LocalClusters clusters;
    private final LocalConfig config;
    private final Sweep sweep;
    private final ClusterConfigResolver resolver;

    public LocalOshinko(LocalClusters clusters, LocalConfig config, Sweep sweep) {
        this.clusters = clusters;
        this.config = config;
        this.sweep = sweep;
        this.resolver = new ClusterConfigResolver(new NamedConfigs(config.configDir()));
    }

    /** Creates a cluster: checks the name, resolves its config, then starts its processes. */
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
        Optional<LocalCluster> started;
        try {
            started = clusters.start(name, resolved);
        } catch (LocalClusters.StartFailed e) {
            throw new OshinkoException(500, title, e.getMessage(), e.getCause());
        }
        return started.orElseThrow(() -> new ClusterConflictException(title, "cluster '" + name + "' already exists"))
                .model();
    }

    /** The cluster as oshinko reports it. */
    public ClusterModel get(String name) {
        return find(name, "cannot get cluster").model();
    }

    /** Every cluster, oshinko's list shape. */
    public ClusterList list() {
        return new ClusterList(clusters.all().stream().sorted(Comparator.comparing(c -> c.name))
                .map(LocalCluster::summary).toList());
    }

    /** Sets the worker count (oshinko applies nothing else on update). */
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
        // absent means "keep"
        int workers = requested == null || requested.workerCount() == null
                ? cluster.config.workerCount() : requested.workerCount();
        if (workers < 1) {
            throw ClusterConfigResolver.invalid(title, "cluster configuration may not have a workerCount less than 1");
        }
        checkLimit(workers, title);
        Optional<String> left;
        try {
            left = clusters.scale(cluster, workers);
        } catch (LocalClusters.Gone e) {
            throw new ClusterNotFoundException(title, "no such cluster '" + name + "'");
        }
        if (left.isPresent()) {
            throw new OshinkoException(500, title, "scale-down may be incomplete: " + left.get());
        }
        return cluster.model();
    }

    /** Stops every process of the cluster and forgets it; 500 "deletion may be incomplete" if one would not die. */
    public void delete(String name) {
        String title = "cluster deletion failed";
        Optional<LocalCluster> cluster = clusters.find(name);
        if (cluster.isEmpty()) {
            deleteSwept(name, title);
            return;
        }
        Optional<String> left;
        try {
            left = clusters.stop(cluster.get());
        } catch (LocalClusters.Gone e) {
            throw new ClusterNotFoundException(title, "no such cluster");
        }
        if (left.isPresent()) {
            throw new OshinkoException(500, title, "deletion may be incomplete: " + left.get());
        }
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

    /** Every Worker is a JVM on this machine: a typo like 100 must not start 100 of them. */
    private void checkLimit(int workers, String title) {
        if (workers > config.maxWorkers()) {
            throw new ClusterConflictException(title, "workerCount " + workers + " is more than the local backend's limit of "
                    + config.maxWorkers() + " (sparkvar.local.max-workers)");
        }
    }

    private LocalCluster find(String name, String title) {
        // the name as sent may be long or hold line breaks: quoted escaped and cut
        return clusters.find(name).orElseThrow(() ->
                new ClusterNotFoundException(title, "no such cluster '" + LogSafe.of(name, 80) + "'"));
    }
}
