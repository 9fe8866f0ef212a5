package dev.sparkvar.kube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The native Kubernetes backend ({@code sparkvar.kube.*}): Spark clusters made straight from Deployments and
 * Services through the Kubernetes API, without an oshinko server. Off by default: then the Kubernetes client is
 * never built and nothing connects anywhere.
 */
@ConfigMapping(prefix = "sparkvar.kube")
public interface KubeConfig {

    /**
     * Whether clusters are made on Kubernetes. Default false (oshinko when {@code sparkvar.oshinko.url} is set, else
     * the embedded default). Setting both this and {@code sparkvar.oshinko.url} is refused at start-up.
     */
    @WithDefault("false")
    boolean enabled();

    /** Namespace of the clusters. Default: the client's own (the service account's namespace in a pod). */
    Optional<String> namespace();

    /**
     * Image of the master and worker pods: the Spark standalone image of {@code kubernetes/spark-image/} (its
     * {@code launch.sh} starts a worker when {@code SPARK_MASTER_ADDRESS} is set, else a master).
     */
    @WithDefault("sparkvar-spark:3.5.9")
    String image();

    /** The image pull policy of the cluster pods. Default IfNotPresent. */
    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /** Workers of a new cluster when the request names none. Default 1. */
    @WithDefault("1")
    int workers();

    /**
     * The cluster config names a request may give (oshinko's stored configs have no meaning here: the shape of a
     * cluster comes from these settings). Default {@code default} and {@code clusterconfig}.
     */
    @WithDefault("default,clusterconfig")
    Set<String> configs();

    /** Those of {@link #configs()} whose clusters the elastic loop scales. Default {@code clusterconfig}. */
    @WithDefault("clusterconfig")
    Set<String> elasticConfigs();

    /** Fewest workers of an elastic cluster. Default 1. */
    @WithDefault("1")
    int minWorkers();

    /** Most workers of any cluster (create and scale beyond it are refused). Default 4. */
    @WithDefault("4")
    int maxWorkers();

    /** Cores each worker offers (SPARK_WORKER_CORES), also its pod's CPU request. Default 1. */
    @WithDefault("1")
    int workerCores();

    /** Memory each worker offers to executors (SPARK_WORKER_MEMORY, a Spark size). Default 1g. */
    @WithDefault("1g")
    String workerMemory();

    /** Memory limit (= request) of a worker pod: executors plus the worker daemon. Default 2Gi. */
    @WithDefault("2Gi")
    String workerPodMemory();

    /** Memory limit (= request) of the master pod. Default 1Gi. */
    @WithDefault("1Gi")
    String masterPodMemory();

    /** Heap of the master and worker daemons themselves (SPARK_DAEMON_MEMORY). Default 512m. */
    @WithDefault("512m")
    String daemonHeap();

    /** Time limit of one call to the Kubernetes API. Default 30s. */
    @WithDefault("30s")
    Duration requestTimeout();

    /**
     * The object that owns every cluster's anchor, so that the API server's garbage collector deletes the clusters
     * when it goes. The manifests set the service's own pod through the downward API (a Deployment's uid is not
     * available there, and the driver runs in this pod: its clusters are of no use without it). Unset: unowned,
     * left to the start-up sweep.
     */
    Owner owner();

    /** An owner reference's fields. */
    interface Owner {

        /** Default v1 (a Pod). */
        @WithDefault("v1")
        String apiVersion();

        /** Default Pod. */
        @WithDefault("Pod")
        String kind();

        /** Name of the owner, e.g. from the downward API's {@code metadata.name}. */
        Optional<String> name();

        /** Uid of the owner, e.g. from the downward API's {@code metadata.uid}. */
        Optional<String> uid();
    }
}
