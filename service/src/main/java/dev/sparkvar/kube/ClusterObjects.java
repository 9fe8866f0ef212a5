package dev.sparkvar.kube;

import dev.sparkvar.cluster.SparkSecret;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes objects of one cluster, as data: an anchor ConfigMap (the cluster's Spark conf, and the owner of
 * everything else, so that deleting it deletes the cluster), the Secret of {@code spark.authenticate}, the master's
 * Deployment and Service, and the workers' Deployment whose replicas are the worker count. Labelled like oshinko's
 * clusters, so that the network policies and tools written for them apply.
 */
final class ClusterObjects {

    /** Oshinko's label of every object of a cluster: its name. */
    static final String CLUSTER_LABEL = "oshinko-cluster";
    /** Oshinko's label of a cluster's pods: {@code master} or {@code worker}. */
    static final String TYPE_LABEL = "oshinko-type";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "sparkvar";

    static final int MASTER_PORT = 7077;
    static final int MASTER_WEB_PORT = 8080;
    static final int WORKER_WEB_PORT = 8081;
    /** Where the anchor's Spark conf is mounted: launch.sh copies files from here ({@code UPDATE_SPARK_CONF_DIR}). */
    static final String CONF_DIR = "/etc/sparkvar-spark-conf";
    static final String SECRET_KEY = "secret";
    /** The image's user (kubernetes/spark-image/Dockerfile). */
    static final long SPARK_UID = 185L;

    private final KubeConfig config;

    ClusterObjects(KubeConfig config) {
        this.config = config;
    }

    static String masterName(String cluster) {
        return cluster + "-m";
    }

    static String workerName(String cluster) {
        return cluster + "-w";
    }

    static String secretName(String cluster) {
        return cluster + "-spark-auth";
    }

    /** The master's Service is the cluster's name, as oshinko's: {@code spark://<name>:7077}. */
    static String serviceName(String cluster) {
        return cluster;
    }

    static Map<String, String> labels(String cluster) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(CLUSTER_LABEL, cluster);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        return labels;
    }

    static Map<String, String> podLabels(String cluster, String type) {
        Map<String, String> labels = labels(cluster);
        labels.put(TYPE_LABEL, type);
        return labels;
    }

    /** The anchor: the cluster config it was made from, the daemons' {@code spark-defaults.conf}, owned by {@code owner} when there is one. */
    ConfigMap anchor(String cluster, String clusterConfig, Optional<OwnerReference> owner) {
        String conf = String.join("\n",
                "spark.authenticate true",
                "spark.master.rest.enabled false",
                "spark.worker.cleanup.enabled true",
                "spark.deploy.retainedApplications 20",
                "");
        return new ConfigMapBuilder()
                .withNewMetadata().withName(cluster).withLabels(labels(cluster))
                .addToAnnotations(KubeClusters.CONFIG_ANNOTATION, clusterConfig)
                .withOwnerReferences(owner.map(List::of).orElse(List.of())).endMetadata()
                .addToData("spark-defaults.conf", conf)
                .build();
    }

    /** Whom the objects below belong to: the anchor (blockOwnerDeletion, so a foreground delete waits for them). */
    static OwnerReference ownedBy(ConfigMap anchor) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withName(anchor.getMetadata().getName()).withUid(anchor.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    Secret secret(String cluster, SparkSecret secret, OwnerReference anchor) {
        return new SecretBuilder()
                .withNewMetadata().withName(secretName(cluster)).withLabels(labels(cluster))
                .withOwnerReferences(anchor).endMetadata()
                .withType("Opaque")
                .addToStringData(SECRET_KEY, secret.value())
                .build();
    }

    Service service(String cluster, OwnerReference anchor) {
        return new ServiceBuilder()
                .withNewMetadata().withName(serviceName(cluster)).withLabels(labels(cluster))
                .withOwnerReferences(anchor).endMetadata()
                .withNewSpec()
                .withSelector(podLabels(cluster, "master"))
                .addNewPort().withName("spark").withPort(MASTER_PORT).withNewTargetPort(MASTER_PORT).endPort()
                .addNewPort().withName("http").withPort(MASTER_WEB_PORT).withNewTargetPort(MASTER_WEB_PORT).endPort()
                .endSpec()
                .build();
    }

    Deployment master(String cluster, OwnerReference anchor) {
        List<EnvVar> env = new ArrayList<>(commonEnv(cluster));
        Container container = container(cluster, "master", env, config.masterPodMemory(), "500m");
        container.setPorts(List.of(
                new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withName("spark")
                        .withContainerPort(MASTER_PORT).build(),
                new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withName("http")
                        .withContainerPort(MASTER_WEB_PORT).build()));
        return deployment(masterName(cluster), cluster, "master", 1, anchor, container);
    }

    Deployment workers(String cluster, int replicas, OwnerReference anchor) {
        List<EnvVar> env = new ArrayList<>(commonEnv(cluster));
        env.add(env("SPARK_MASTER_ADDRESS", "spark://" + serviceName(cluster) + ":" + MASTER_PORT));
        env.add(env("SPARK_WORKER_CORES", Integer.toString(config.workerCores())));
        env.add(env("SPARK_WORKER_MEMORY", config.workerMemory()));
        Container container = container(cluster, "worker", env, config.workerPodMemory(),
                Integer.toString(config.workerCores()));
        container.setPorts(List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withName("http")
                .withContainerPort(WORKER_WEB_PORT).build()));
        return deployment(workerName(cluster), cluster, "worker", replicas, anchor, container);
    }

    private List<EnvVar> commonEnv(String cluster) {
        return List.of(
                env("OSHINKO_SPARK_CLUSTER", cluster),
                env("UPDATE_SPARK_CONF_DIR", CONF_DIR),
                env("SPARK_DAEMON_MEMORY", config.daemonHeap()),
                // Spark's own variable: the daemons read it before their conf, and workers hand it to executors
                new EnvVarBuilder().withName(SparkSecret.ENVIRONMENT_VARIABLE).withNewValueFrom()
                        .withNewSecretKeyRef().withName(secretName(cluster)).withKey(SECRET_KEY).endSecretKeyRef()
                        .endValueFrom().build());
    }

    private Container container(String cluster, String type, List<EnvVar> env, String memory, String cpu) {
        return new ContainerBuilder()
                .withName(type).withImage(config.image()).withImagePullPolicy(config.imagePullPolicy())
                .withEnv(env)
                .withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .addToLimits("memory", new Quantity(memory))
                .endResources()
                .addNewVolumeMount().withName("conf").withMountPath(CONF_DIR).withReadOnly(true).endVolumeMount()
                // the restricted profile: nothing of the container's privileges beyond running Spark
                .withSecurityContext(new SecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withAllowPrivilegeEscalation(false)
                        .withNewCapabilities().withDrop("ALL").endCapabilities()
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .build())
                .build();
    }

    private Deployment deployment(String name, String cluster, String type, int replicas, OwnerReference anchor,
            Container container) {
        PodSpec pod = new PodSpecBuilder()
                .withContainers(container)
                .withAutomountServiceAccountToken(false) // Spark needs no API access
                .withEnableServiceLinks(false)
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .build())
                .addNewVolume().withName("conf").withNewConfigMap().withName(cluster).endConfigMap().endVolume()
                .build();
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withLabels(podLabels(cluster, type))
                .withOwnerReferences(anchor).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(podLabels(cluster, type)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(podLabels(cluster, type))
                // OpenShift resolves a bare image name (sparkvar-spark:3.5.9) through the ImageStream's local
                // lookup only for pods that ask; elsewhere the annotation means nothing
                .addToAnnotations("alpha.image.policy.openshift.io/resolve-names", "*").endMetadata()
                .withSpec(pod).endTemplate()
                .endSpec()
                .build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** Whether an object is one of ours, by label. */
    static boolean managed(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL));
    }
}
