package dev.sparkvar.kube;

import dev.sparkvar.cluster.Cluster;
import dev.sparkvar.cluster.ClusterConflictException;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.cluster.WorkerCount;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The cluster port straight on Kubernetes: per cluster an anchor ConfigMap (owned by this service's pod when it is
 * known), and owned by the anchor a Secret for {@code spark.authenticate}, the master's Deployment and Service and
 * the workers' Deployment, whose replicas are the worker count. Deleting the anchor (foreground) lets the API
 * server's garbage collector delete the rest, even when this service is gone. Workers are counted from the master's
 * JSON status. The fabric8 client blocks, so every call runs on a worker thread ({@link KubeCalls}); what a request
 * may ask is in {@link ClusterRules}, what the port sees of a cluster in {@link ClusterView}.
 */
public class KubeClusters implements Clusters {

    /** Set on the anchor: the cluster config it was made from, for {@link Cluster#elastic()} after a restart. */
    static final String CONFIG_ANNOTATION = "sparkvar.dev/cluster-config";
    static final String TITLE_CREATE = "cannot create cluster";

    private final KubernetesClient client;
    private final KubeConfig config;
    private final String namespace;
    private final ClusterObjects objects;
    private final ClusterRules rules;
    private final ClusterView view;
    private final KubeCalls calls;
    private final WorkerWatch workers;
    private final DriverMetrics metrics;
    private final Optional<OwnerReference> owner;
    /** The secrets of the clusters made in this life: only these survive the sweep. Memory only. */
    private final Map<String, SparkSecret> secrets = new ConcurrentHashMap<>();

    /**
     * @param addresses where the service reaches a cluster's master (its Service's DNS name in production)
     * @param alive the alive workers of a cluster's master, by cluster name (see {@link MasterStatus})
     * @param pollInterval pause between two counts; @param timeout how long the worker wait lasts
     */
    public KubeClusters(KubernetesClient client, KubeConfig config, MasterAddresses addresses,
            Function<String, Uni<Optional<Integer>>> alive, DriverMetrics metrics, Duration pollInterval,
            Duration timeout) {
        this.client = client;
        this.config = config;
        this.namespace = config.namespace().or(() -> Optional.ofNullable(client.getNamespace())).orElse("default");
        this.objects = new ClusterObjects(config);
        this.rules = new ClusterRules(config);
        this.view = new ClusterView(config, namespace, addresses);
        this.calls = new KubeCalls(config.requestTimeout());
        this.workers = new WorkerWatch(alive, pollInterval, timeout);
        this.metrics = metrics;
        this.owner = config.owner().name().flatMap(name -> config.owner().uid().map(uid -> new OwnerReferenceBuilder()
                .withApiVersion(config.owner().apiVersion()).withKind(config.owner().kind())
                .withName(name).withUid(uid).build()));
    }

    /** The namespace the clusters live in. */
    public String namespace() {
        return namespace;
    }

    @Override
    public Uni<Cluster> create(String name, String clusterConfig, Integer workerCount) {
        return calls.blocking(() -> {
            String configName = clusterConfig == null || clusterConfig.isEmpty() ? "default" : clusterConfig;
            int count = workerCount == null ? config.workers() : workerCount;
            rules.checkCreate(name, configName, count);
            SparkSecret secret = SparkSecret.random();
            // known before the anchor exists, so that a sweep running now never takes it for an orphan
            if (secrets.putIfAbsent(name, secret) != null) {
                throw new ClusterConflictException(TITLE_CREATE, "cluster '" + name + "' already exists");
            }
            ConfigMap anchor;
            try {
                anchor = client.configMaps().inNamespace(namespace)
                        .resource(objects.anchor(name, configName, owner)).create();
            } catch (RuntimeException e) {
                secrets.remove(name, secret);
                if (e instanceof KubernetesClientException k && k.getCode() == 409) {
                    throw new ClusterConflictException(TITLE_CREATE, "cluster '" + name + "' already exists");
                }
                throw KubeCalls.translate(e, TITLE_CREATE);
            }
            OwnerReference ref = ClusterObjects.ownedBy(anchor);
            try {
                client.secrets().inNamespace(namespace).resource(objects.secret(name, secret, ref)).create();
                client.services().inNamespace(namespace).resource(objects.service(name, ref)).create();
                Deployment master = client.apps().deployments().inNamespace(namespace)
                        .resource(objects.master(name, ref)).create();
                Deployment workers = client.apps().deployments().inNamespace(namespace)
                        .resource(objects.workers(name, count, ref)).create();
                metrics.open(name);
                Log.infof("kubernetes: cluster %s made in %s with %d worker(s)", name, namespace, count);
                return view.of(name, configName, master, workers);
            } catch (RuntimeException e) {
                // half a cluster is no cluster: its anchor takes whatever was made with it
                Log.warnf("kubernetes: cluster %s could not be made, deleting what was: %s", name, e.getMessage());
                deleteNow(name);
                throw KubeCalls.translate(e, TITLE_CREATE);
            }
        });
    }

    @Override
    public Uni<Cluster> get(String name) {
        return calls.blocking(() -> {
            ConfigMap anchor = anchor(name);
            return view.of(name, anchor.getMetadata().getAnnotations().get(CONFIG_ANNOTATION),
                    deployments().withName(ClusterObjects.masterName(name)).get(),
                    deployments().withName(ClusterObjects.workerName(name)).get());
        });
    }

    @Override
    public Uni<Cluster> scale(String name, int workerCount) {
        return calls.blocking(() -> {
            rules.checkScale(workerCount);
            ConfigMap anchor = anchor(name);
            // a JSON merge patch of replicas only: scaling is the Deployment's business from here
            Deployment workers = deployments().withName(ClusterObjects.workerName(name))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + workerCount + "}}");
            return view.of(name, anchor.getMetadata().getAnnotations().get(CONFIG_ANNOTATION),
                    deployments().withName(ClusterObjects.masterName(name)).get(), workers);
        });
    }

    @Override
    public Uni<Void> delete(String name) {
        return calls.blocking(() -> {
            deleteNow(name);
            return null;
        });
    }

    private void deleteNow(String name) {
        ConfigMap anchor = client.configMaps().inNamespace(namespace).withName(name).get();
        if (anchor != null && !ClusterObjects.managed(anchor)) {
            // a ConfigMap of that name that is not ours: never ours to delete
            Log.warnf("kubernetes: %s is no cluster of ours (no %s=%s label): not deleted", name,
                    ClusterObjects.MANAGED_BY_LABEL, ClusterObjects.MANAGED_BY);
            return;
        }
        // foreground: the anchor stays (with a deletion timestamp) until the collector has deleted what it owns
        client.configMaps().inNamespace(namespace).withName(name)
                .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        secrets.remove(name);
        metrics.close(name);
        Log.infof("kubernetes: cluster %s deleted", name);
    }

    /**
     * Deletes every cluster of ours (by label) in the namespace that this life did not make: those of an earlier
     * life of the service, whose drivers died with it. Run at start-up; safe beside creates.
     *
     * @return the names deleted
     */
    public Uni<List<String>> sweep() {
        return calls.blocking(() -> {
            List<String> deleted = new ArrayList<>();
            for (ConfigMap anchor : client.configMaps().inNamespace(namespace)
                    .withLabel(ClusterObjects.MANAGED_BY_LABEL, ClusterObjects.MANAGED_BY).list().getItems()) {
                String name = anchor.getMetadata().getName();
                if (!secrets.containsKey(name) && anchor.getMetadata().getDeletionTimestamp() == null) {
                    deleteNow(name);
                    deleted.add(name);
                }
            }
            if (!deleted.isEmpty()) {
                Log.infof("kubernetes: swept %d cluster(s) of an earlier life: %s", deleted.size(), deleted);
            }
            return deleted;
        });
    }

    /** The clusters of ours in the namespace now, by label (for readiness and tests). */
    public Uni<List<String>> list() {
        return calls.blocking(() -> client.configMaps().inNamespace(namespace)
                .withLabel(ClusterObjects.MANAGED_BY_LABEL, ClusterObjects.MANAGED_BY).list().getItems().stream()
                .map(c -> c.getMetadata().getName()).toList());
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
        return metrics.executorTarget(name);
    }

    @Override
    public String metricsUrl(String name) {
        return metrics.metricsUrl(name);
    }

    @Override
    public HostAndPort carbon(String name) {
        return metrics.carbon(name);
    }

    @Override
    public Optional<SparkSecret> sparkSecret(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    @Override
    public boolean scalesClusters() {
        return false; // nothing but our elastic loop changes the replicas
    }

    @Override
    public OptionalInt workerCores() {
        return OptionalInt.of(config.workerCores());
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Deployment,
            io.fabric8.kubernetes.api.model.apps.DeploymentList,
            io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment>> deployments() {
        return client.apps().deployments().inNamespace(namespace);
    }

    /** The cluster's anchor; one being deleted counts as gone. */
    private ConfigMap anchor(String name) {
        ConfigMap anchor = client.configMaps().inNamespace(namespace).withName(name).get();
        if (anchor == null || anchor.getMetadata().getDeletionTimestamp() != null || !ClusterObjects.managed(anchor)) {
            throw new ClusterNotFoundException("no such cluster", "cluster '" + name + "' not found");
        }
        return anchor;
    }
}
