package dev.sparkvar.oshinko;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.cluster.WorkerCount;
import dev.sparkvar.metrics.GraphiteClient;
import dev.sparkvar.metrics.WorkerRegistration;
import dev.sparkvar.metrics.WorkersConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The cluster port over oshinko's REST API and each cluster's Graphite: clusters are created, scaled and deleted
 * through oshinko, their workers watched in {@code master.aliveWorkers}. Where things are comes from
 * {@link OshinkoAddresses}, so this adapter works the same against any server that speaks oshinko.
 */
@ApplicationScoped
public class OshinkoClusters implements Clusters {

    /** The drivers' dynamic-allocation target, one series per driver ({@code <run id>.driver...}). */
    public static final String TARGET_EXECUTORS = "*.driver.ExecutorAllocationManager.executors.numberTargetExecutors";

    private final OshinkoClient oshinko;
    private final OshinkoAddresses addresses;
    private final GraphiteClient graphite;
    private final WorkerRegistration workers;

    public OshinkoClusters(OshinkoClient oshinko, OshinkoAddresses addresses, GraphiteClient graphite,
            WorkersConfig config) {
        this.oshinko = oshinko;
        this.addresses = addresses;
        this.graphite = graphite;
        this.workers = new WorkerRegistration(graphite, addresses::metricsUrl, config);
    }

    @Override
    public Uni<Cluster> create(String name, String config, Integer workerCount) {
        NewCluster request = new NewCluster(name, new ClusterConfig(config, null, workerCount,
                null, null, null, null, null, null, null));
        return oshinko.create(request).map(single -> cluster(single.cluster()));
    }

    @Override
    public Uni<Cluster> get(String name) {
        return oshinko.get(name).map(single -> cluster(single.cluster()));
    }

    @Override
    public Uni<Cluster> scale(String name, int workerCount) {
        return oshinko.scale(name, workerCount).map(single -> cluster(single.cluster()));
    }

    @Override
    public Uni<Void> delete(String name) {
        return oshinko.delete(name);
    }

    @Override
    public Multi<WorkerCount> awaitWorkers(String name, int desired) {
        return workers.watch(name, desired);
    }

    @Override
    public Multi<Integer> followWorkers(String name, int lastSeen) {
        return workers.follow(name, lastSeen);
    }

    @Override
    public Uni<Optional<Double>> executorTarget(String name) {
        return graphite.sumLatest(addresses.metricsUrl(name), TARGET_EXECUTORS);
    }

    @Override
    public String metricsUrl(String name) {
        return addresses.metricsUrl(name);
    }

    @Override
    public HostAndPort carbon(String name) {
        return addresses.carbon(name);
    }

    @Override
    public Optional<SparkSecret> sparkSecret(String name) {
        return addresses.sparkSecret(name);
    }

    @Override
    public boolean scalesClusters() {
        return addresses.scalesClusters();
    }

    @Override
    public OptionalInt workerCores() {
        return addresses.workerCores();
    }

    private static Cluster cluster(ClusterModel model) {
        ClusterConfig c = model.config();
        List<Pod> pods = model.pods() == null ? List.of() : model.pods();
        boolean master = pods.stream().anyMatch(p -> "master".equals(p.type()) && RUNNING.equals(p.status()));
        int workers = (int) pods.stream().filter(p -> "worker".equals(p.type()) && RUNNING.equals(p.status())).count();
        return new Cluster(model.name(), model.masterUrl(), model.masterWebUrl(), model.desiredWorkers(),
                c != null && c.scorpionStareEnabled(), c == null ? null : c.minWorkers(), c == null ? null : c.maxWorkers(),
                master && !"Incomplete".equals(model.status()), workers);
    }

    /** Oshinko's pod phase of a running pod (Kubernetes' phase; the embedded default says the same of a process). */
    private static final String RUNNING = "Running";
}
