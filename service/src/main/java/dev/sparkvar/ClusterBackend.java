package dev.sparkvar;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.cluster.WorkerCount;
import dev.sparkvar.kube.KubeClusters;
import dev.sparkvar.kube.KubeConfig;
import dev.sparkvar.kube.MasterAddresses;
import dev.sparkvar.kube.MasterStatus;
import dev.sparkvar.local.EmbeddedGraphite;
import dev.sparkvar.metrics.GraphiteClient;
import dev.sparkvar.metrics.WorkersConfig;
import dev.sparkvar.oshinko.OshinkoAddresses;
import dev.sparkvar.oshinko.OshinkoClient;
import dev.sparkvar.oshinko.OshinkoClusters;
import dev.sparkvar.oshinko.OshinkoConfig;
import dev.sparkvar.server.LocalServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one cluster backend the service uses, chosen at start-up: the native Kubernetes adapter when
 * {@code sparkvar.kube.enabled}, else the oshinko adapter (a remote oshinko server, or the embedded default when
 * none is configured). The adapters are made here, not injected, so that the unchosen one builds nothing (no
 * Kubernetes client, no oshinko REST client) and the metrics decorator counts each call once, here.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ClusterBackend implements Clusters {

    private final Clusters chosen;
    private final String name;
    private final Optional<KubeClusters> kube;
    private final Optional<MasterStatus> masterStatus;

    public ClusterBackend(KubeConfig kubeConfig, OshinkoConfig oshinkoConfig, WorkersConfig workers, Vertx vertx,
            Instance<KubernetesClient> kubernetes, Instance<OshinkoClient> oshinko,
            Instance<OshinkoAddresses> addresses, Instance<GraphiteClient> graphite,
            Instance<EmbeddedGraphite> embeddedGraphite, Instance<LocalServer> server,
            Instance<MasterAddresses> masterAddresses) {
        if (kubeConfig.enabled()) {
            if (oshinkoConfig.url().isPresent()) {
                throw new IllegalStateException("sparkvar.kube.enabled=true and sparkvar.oshinko.url are both set:"
                        + " choose one cluster backend");
            }
            KubernetesClient client = kubernetes.get();
            String namespace = kubeConfig.namespace().or(() -> Optional.ofNullable(client.getNamespace()))
                    .orElse("default");
            // the master's Service by DNS name; a test's kubelet harness replaces the bean (see MasterAddresses)
            MasterAddresses where = masterAddresses.get();
            MasterStatus status = new MasterStatus(vertx, c -> where.of(namespace, c).statusUrl(),
                    kubeConfig.requestTimeout());
            KubeClusters k = new KubeClusters(client, kubeConfig, where, status::aliveWorkers,
                    new ServiceDriverMetrics(embeddedGraphite.get(), server.get(), graphite.get()), workers.pollInterval(),
                    workers.timeout());
            this.kube = Optional.of(k);
            this.masterStatus = Optional.of(status);
            this.chosen = k;
            this.name = "kubernetes";
        } else {
            OshinkoAddresses a = addresses.get();
            this.kube = Optional.empty();
            this.masterStatus = Optional.empty();
            this.chosen = new OshinkoClusters(oshinko.get(), a, graphite.get(), workers);
            this.name = a.backend();
        }
        Log.infof("cluster backend: %s", name);
    }

    /** Clusters an earlier life of the service left on Kubernetes are deleted before any run needs one. */
    void sweepAtStart(@Observes StartupEvent start) {
        kube.ifPresent(k -> k.sweep().subscribe().with(
                deleted -> Log.debugf("kubernetes: start-up sweep done (%d deleted)", deleted.size()),
                failure -> Log.warnf("kubernetes: start-up sweep failed: %s", failure.getMessage())));
    }

    @PreDestroy
    void close() {
        masterStatus.ifPresent(MasterStatus::close);
    }

    /** A short name of the chosen backend: {@code kubernetes}, {@code oshinko} or {@code local}. */
    public String backend() {
        return name;
    }

    /** The Kubernetes adapter, when it is the chosen one. */
    public Optional<KubeClusters> kubernetes() {
        return kube;
    }

    @Override
    public Uni<Cluster> create(String name, String config, Integer workers) {
        return chosen.create(name, config, workers);
    }

    @Override
    public Uni<Optional<Double>> executorTarget(String name) {
        return chosen.executorTarget(name);
    }

    @Override
    public Uni<Cluster> get(String name) {
        return chosen.get(name);
    }

    @Override
    public Uni<Cluster> scale(String name, int workers) {
        return chosen.scale(name, workers);
    }

    @Override
    public Uni<Void> delete(String name) {
        return chosen.delete(name);
    }

    @Override
    public Multi<WorkerCount> awaitWorkers(String name, int desired) {
        return chosen.awaitWorkers(name, desired);
    }

    @Override
    public Multi<Integer> followWorkers(String name, int lastSeen) {
        return chosen.followWorkers(name, lastSeen);
    }

    @Override
    public String metricsUrl(String name) {
        return chosen.metricsUrl(name);
    }

    @Override
    public HostAndPort carbon(String name) {
        return chosen.carbon(name);
    }

    @Override
    public Optional<SparkSecret> sparkSecret(String name) {
        return chosen.sparkSecret(name);
    }

    @Override
    public boolean scalesClusters() {
        return chosen.scalesClusters();
    }

    @Override
    public OptionalInt workerCores() {
        return chosen.workerCores();
    }
}
