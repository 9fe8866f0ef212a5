package dev.sparkvar.kube;

import dev.sparkvar.ownership.PrivateFiles;
import dev.sparkvar.spark.ChildEnvironment;
import dev.sparkvar.spark.SparkInstall;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntBiFunction;

/**
 * How the {@link Kubelet} harness starts one pod of a Deployment: the Spark image's own entrypoint
 * ({@code kubernetes/spark-image/launch.sh}, which execs the master or worker JVM, so the PID is the JVM's) with
 * the container's environment as the kubelet builds it (literal values; a {@code secretKeyRef} read from the
 * Secret object), its ConfigMap volume written to the pod's private folder, and the image's {@code ENV}. Not
 * {@code local/SparkDaemons}: that is the embedded default's launcher (its own ports and command line, each
 * process in the ledger a restarted service sweeps), and a pod is neither; what is shared is
 * {@link SparkInstall}, {@link ChildEnvironment} and, to stop, {@code ProcessTree}.
 * <p>
 * Service routing stands in for DNS and kube-proxy, as everything runs on one host: the master binds the host
 * ports of its Service ({@code SPARK_MASTER_PORT}/{@code SPARK_MASTER_WEBUI_PORT}, left by launch.sh for tests),
 * a worker's {@code SPARK_MASTER_ADDRESS} is routed there, and workers' web UIs take port 0.
 */
final class PodLaunch {

    /** The Spark image's entrypoint, from the service module's folder (the tests' working directory). */
    static final Path LAUNCH = Path.of("..", "kubernetes", "spark-image", "launch.sh").toAbsolutePath().normalize();

    private final SparkInstall spark;
    private final Path root;
    private final ToIntBiFunction<String, Integer> hostPorts;

    /** @param hostPorts the host port of a Service's port, by Service name and port */
    PodLaunch(SparkInstall spark, Path root, ToIntBiFunction<String, Integer> hostPorts) {
        if (!Files.isRegularFile(LAUNCH)) {
            throw new IllegalStateException("the Spark image's entrypoint is not at " + LAUNCH);
        }
        spark.requireBuilt();
        this.spark = spark;
        this.root = root;
        this.hostPorts = hostPorts;
    }

    /**
     * Starts pod {@code name} of {@code d}, as the kubelet would; empty while something it needs does not exist yet
     * (a ConfigMap, the Secret, the Service): the caller retries on its next pass.
     */
    Optional<Kubelet.Pod> start(Deployment d, String name, List<ConfigMap> configMaps, List<Secret> secrets,
            List<Service> services) {
        PodSpec spec = d.getSpec().getTemplate().getSpec();
        Container container = spec.getContainers().get(0);
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        String cluster = labels.get(ClusterObjects.CLUSTER_LABEL);
        String type = labels.get(ClusterObjects.TYPE_LABEL);
        Path dir = root.resolve(name);

        // volumes first: the kubelet starts no container whose ConfigMap or Secret is missing
        Map<String, VolumeMount> mounts = new LinkedHashMap<>();
        Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = spec.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no volume " + mount.getName() + " in " + name));
            ConfigMap source = named(configMaps, volume.getConfigMap().getName());
            if (source == null) {
                return Optional.empty();
            }
            mounts.put(mount.getMountPath(), mount);
            volumes.put(mount.getMountPath(), source.getData() == null ? Map.of() : source.getData());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), var.getValue());
                continue;
            }
            SecretKeySelector ref = var.getValueFrom().getSecretKeyRef();
            Optional<String> value = Optional.ofNullable(named(secrets, ref.getName()))
                    .flatMap(s -> secretValue(s, ref.getKey()));
            if (value.isEmpty()) {
                return Optional.empty(); // CreateContainerConfigError: retried
            }
            env.put(var.getName(), value.get());
        }
        // Service routing: where the master listens and where workers find it, on this host
        if (type.equals("master")) {
            Service service = services.stream().filter(s -> selects(s, labels)).findFirst().orElse(null);
            if (service == null) {
                return Optional.empty();
            }
            env.put("SPARK_MASTER_PORT", String.valueOf(hostPortOfTarget(service, container, "spark")));
            env.put("SPARK_MASTER_WEBUI_PORT", String.valueOf(hostPortOfTarget(service, container, "http")));
        } else {
            Optional<String> routed = route(env.get("SPARK_MASTER_ADDRESS"), services);
            if (routed.isEmpty()) {
                return Optional.empty();
            }
            env.put("SPARK_MASTER_ADDRESS", routed.get());
            env.put("SPARK_WORKER_WEBUI_PORT", "0"); // pods share this host: no fixed 8081
        }

        PrivateFiles.folder(dir);
        for (Map.Entry<String, Map<String, String>> volume : volumes.entrySet()) {
            Path mounted = PrivateFiles.folder(PrivateFiles.folder(dir.resolve("volumes"))
                    .resolve(mounts.get(volume.getKey()).getName()));
            volume.getValue().forEach((file, content) -> PrivateFiles.write(mounted.resolve(file), content));
            // the container's paths under the mount point, as the container sees them
            env.replaceAll((k, v) -> v != null && v.equals(volume.getKey()) ? mounted.toString() : v);
        }
        // the image's ENV (kubernetes/spark-image/Dockerfile), with this pod's own folders
        env.put("SPARK_HOME", spark.sparkHome().toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_CONF_DIR", dir.resolve("conf").toString());
        env.put("SPARK_WORKER_DIR", dir.resolve("work").toString());
        env.put("SPARK_LOCAL_DIRS", PrivateFiles.folder(dir.resolve("local")).toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1"); // the pod's IP
        // the tests' Spark JVM flags (C1 only, serial GC), which launch.sh has no setting for; executors inherit it
        env.put("JAVA_TOOL_OPTIONS", String.join(" ", dev.sparkvar.testing.TestSparkInstall.JVM_OPTIONS));
        Path log = PrivateFiles.createFresh(dir.resolve("pod.log"));
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", LAUNCH.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        ChildEnvironment.clean(builder.environment());
        builder.environment().putAll(env);
        builder.environment().put("PATH", spark.java().getParent() + File.pathSeparator
                + builder.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        try {
            return Optional.of(new Kubelet.Pod(name, cluster, type, d.getMetadata().getUid(), builder.start(), dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start pod " + name + ": " + e.getMessage(), e);
        }
    }

    private static <T extends HasMetadata> T named(List<T> objects, String name) {
        return objects.stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElse(null);
    }

    /** A Secret's key, as the kubelet decodes it: {@code data} (base64); the mock keeps {@code stringData} as sent. */
    private static Optional<String> secretValue(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)),
                    StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(secret.getStringData()).map(d -> d.get(key));
    }

    private static boolean selects(Service service, Map<String, String> podLabels) {
        Map<String, String> selector = service.getSpec().getSelector();
        return selector != null && !selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet());
    }

    /** The host port of the Service port whose target is the container's port {@code portName}. */
    private int hostPortOfTarget(Service service, Container container, String portName) {
        int containerPort = container.getPorts().stream().filter(p -> portName.equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new IllegalStateException("no container port " + portName));
        ServicePort port = service.getSpec().getPorts().stream()
                .filter(p -> p.getTargetPort() != null && Objects.equals(p.getTargetPort().getIntVal(), containerPort))
                .findFirst().orElseThrow(() -> new IllegalStateException("Service " + service.getMetadata().getName()
                        + " has no port to " + containerPort));
        return hostPorts.applyAsInt(service.getMetadata().getName(), port.getPort());
    }

    /** {@code spark://<service>[.<ns>.svc]:<port>} as this host reaches it; empty while the Service is missing. */
    private Optional<String> route(String address, List<Service> services) {
        URI uri = URI.create(address);
        String service = uri.getHost().split("\\.")[0];
        if (named(services, service) == null) {
            return Optional.empty();
        }
        return Optional.of(uri.getScheme() + "://127.0.0.1:" + hostPorts.applyAsInt(service, uri.getPort()));
    }
}
