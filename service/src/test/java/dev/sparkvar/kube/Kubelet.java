package dev.sparkvar.kube;

import dev.sparkvar.ownership.PrivateFiles;
import dev.sparkvar.spark.ProcessTree;
import dev.sparkvar.spark.SparkInstall;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Plays, for fabric8's CRUD API mock (which stores objects and runs no controller), the parts of Kubernetes that
 * make the adapter's objects run: the kubelet, the deployment controller's replica count, Service routing and the
 * garbage collector. Every pass (150 ms) it reads the namespace and
 * <ul>
 * <li>deletes every object whose owners (ConfigMaps, by uid) are all gone or being deleted, as the garbage
 * collector does once an anchor is deleted;</li>
 * <li>runs, for each Deployment, {@code spec.replicas} "pods" ({@link PodLaunch}: the Spark image's own
 * launch.sh with the container's environment as the kubelet builds it, the Secret's value included); scaling down
 * stops the newest pods; a Deployment gone stops its pods (SIGTERM, then SIGKILL, waiting for the exit with a
 * timeout, by PID);</li>
 * <li>writes {@code status.readyReplicas} (a pod is ready while its process lives), which the adapter reads.</li>
 * </ul>
 * What a single host cannot give, and how it stands in: every pod's IP is 127.0.0.1, so each Service port gets a
 * free host port ({@link #address}) to which the master binds and workers are routed: the harness is the cluster
 * DNS and kube-proxy. Every PID started (and every executor seen under a worker) is recorded, so
 * that tests can check by PID that nothing is left.
 */
final class Kubelet implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Kubelet.class);
    private static final Duration PASS = Duration.ofMillis(150);
    /** What a pod gets between SIGTERM and SIGKILL (Kubernetes' default is 30 s; Spark's daemons need 1-2 s). */
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final KubernetesClient client;
    private final String namespace;
    private final Path root;
    private final PodLaunch launcher;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubelet");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService stopper = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubelet-stop");
        t.setDaemon(true);
        return t;
    });
    /** Service name -> Service port -> host port: the harness's cluster IPs. */
    private final Map<String, Map<Integer, Integer>> servicePorts = new ConcurrentHashMap<>();
    private final Set<String> servicesSeen = ConcurrentHashMap.newKeySet();
    private final List<Pod> pods = new CopyOnWriteArrayList<>();
    private final List<Future<?>> stops = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Long>> pidsByCluster = new ConcurrentHashMap<>();
    private final List<String> collected = new CopyOnWriteArrayList<>();
    private volatile String lastProblem;
    private int podCount;

    /** One pod: the process launch.sh became ({@code exec java}) and its folder. */
    record Pod(String name, String cluster, String type, String deploymentUid, Process process, Path dir) {
    }

    Kubelet(KubernetesClient client, String namespace, SparkInstall spark, Path root) {
        this.client = client;
        this.namespace = namespace;
        this.root = PrivateFiles.folder(root);
        this.launcher = new PodLaunch(spark, this.root, this::hostPort);
    }

    Kubelet start() {
        loop.scheduleWithFixedDelay(this::pass, 0, PASS.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Where the master of the Service {@code service} is reached from this host: 127.0.0.1 and the host ports of
     * its Service ports 7077 and 8080, chosen on the first ask (by the adapter, as it makes the cluster, or by this
     * harness, as it starts the master), as a Service's cluster IP exists before its pods.
     */
    MasterAddresses.Address address(String service) {
        return new MasterAddresses.Address("127.0.0.1", hostPort(service, ClusterObjects.MASTER_PORT),
                hostPort(service, ClusterObjects.MASTER_WEB_PORT));
    }

    /** Every PID started for {@code cluster}'s pods, and every executor seen under its workers. */
    Set<Long> pids(String cluster) {
        return Set.copyOf(pidsByCluster.getOrDefault(cluster, Set.of()));
    }

    /** Every PID this harness has started or seen under a pod, of all clusters. */
    Set<Long> allPids() {
        Set<Long> all = new HashSet<>();
        pidsByCluster.values().forEach(all::addAll);
        return all;
    }

    /** The PIDs of {@code cluster}'s running pods of {@code type} ({@code master} or {@code worker}), oldest first. */
    List<Long> running(String cluster, String type) {
        return pods.stream().filter(p -> p.cluster().equals(cluster) && p.type().equals(type)
                && p.process().isAlive()).map(p -> p.process().pid()).toList();
    }

    /** The folders of every pod {@code cluster} had, running or not (their logs, a worker's {@code work/}). */
    List<Path> podDirs(String cluster, String type) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(
                    (type.equals("master") ? ClusterObjects.masterName(cluster) : ClusterObjects.workerName(cluster))
                            + "-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the garbage collector deleted, as {@code Kind/name}, in order. */
    List<String> collected() {
        return List.copyOf(collected);
    }

    /** The last pass's failure, if it failed (for a test's message). */
    String lastProblem() {
        return lastProblem;
    }

    private void pass() {
        try {
            reconcile();
            lastProblem = null;
        } catch (RuntimeException e) {
            // the API mock answered badly, or a conflict with the adapter's own write: the next pass retries
            lastProblem = e.toString();
            LOG.debugf("kubelet: pass failed: %s", e);
        }
    }

    private synchronized void reconcile() {
        List<ConfigMap> configMaps = client.configMaps().inNamespace(namespace).list().getItems();
        List<Secret> secrets = client.secrets().inNamespace(namespace).list().getItems();
        List<Service> services = client.services().inNamespace(namespace).list().getItems();
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems();

        // the garbage collector: dependents of owners that are gone (or going, in the foreground) go too
        Map<String, HasMetadata> byUid = new HashMap<>();
        Stream.of(configMaps, secrets, services, deployments).flatMap(List::stream)
                .forEach(o -> byUid.put(o.getMetadata().getUid(), o));
        Set<String> gone = new HashSet<>();
        for (HasMetadata o : byUid.values()) {
            if (orphan(o, byUid) && ownersConfirmedGone(o)) {
                client.resource(o).inNamespace(namespace).delete();
                gone.add(o.getMetadata().getUid());
                collected.add(o.getKind() + "/" + o.getMetadata().getName());
                LOG.infof("kubelet: garbage-collected %s/%s (its owner is gone)", o.getKind(),
                        o.getMetadata().getName());
            }
        }
        services = services.stream().filter(s -> !gone.contains(s.getMetadata().getUid())).toList();
        Set<String> serviceNames = new HashSet<>();
        services.forEach(s -> serviceNames.add(s.getMetadata().getName()));
        servicesSeen.addAll(serviceNames);
        for (String seen : List.copyOf(servicesSeen)) {
            if (!serviceNames.contains(seen)) { // a Service deleted: its "cluster IP" is free again
                servicesSeen.remove(seen);
                servicePorts.remove(seen);
            }
        }

        Map<String, Deployment> live = new LinkedHashMap<>();
        for (Deployment d : deployments) {
            if (!gone.contains(d.getMetadata().getUid()) && d.getMetadata().getDeletionTimestamp() == null) {
                live.put(d.getMetadata().getUid(), d);
            }
        }
        for (Pod pod : pods) {
            if (!live.containsKey(pod.deploymentUid())) {
                terminate(pod, "its Deployment is gone");
            }
        }
        for (Deployment d : live.values()) {
            reconcile(d, configMaps, secrets, services);
        }
    }

    /**
     * Whether every owner of {@code o} is still gone when asked directly. The lists above are read one after another,
     * so an owner made between the ConfigMaps' list and its dependents' list looks absent; Kubernetes' garbage
     * collector, too, confirms an owner's absence with the API server before it deletes a dependent.
     */
    private boolean ownersConfirmedGone(HasMetadata o) {
        for (OwnerReference ref : o.getMetadata().getOwnerReferences()) {
            ConfigMap owner = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
            if (owner != null && ref.getUid().equals(owner.getMetadata().getUid())
                    && owner.getMetadata().getDeletionTimestamp() == null) {
                return false;
            }
        }
        return true;
    }

    /** Whether every owner of {@code o} is gone or being deleted; only ConfigMap owners are judged here. */
    private static boolean orphan(HasMetadata o, Map<String, HasMetadata> byUid) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return false;
        }
        for (OwnerReference ref : refs) {
            if (!"ConfigMap".equals(ref.getKind())) {
                return false; // a Pod or another kind this harness does not keep: not its to judge
            }
            HasMetadata owner = byUid.get(ref.getUid());
            if (owner != null && owner.getMetadata().getDeletionTimestamp() == null) {
                return false;
            }
        }
        return true;
    }

    private void reconcile(Deployment d, List<ConfigMap> configMaps, List<Secret> secrets, List<Service> services) {
        String uid = d.getMetadata().getUid();
        List<Pod> mine = new ArrayList<>(pods.stream().filter(p -> p.deploymentUid().equals(uid)).toList());
        for (Pod p : List.copyOf(mine)) {
            if (!p.process().isAlive()) { // exited by itself: its ReplicaSet replaces it
                LOG.infof("kubelet: pod %s exited with %d", p.name(), p.process().exitValue());
                pods.remove(p);
                mine.remove(p);
            }
        }
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        while (mine.size() < desired) {
            String name = d.getMetadata().getName() + "-" + (++podCount);
            Optional<Pod> started = launcher.start(d, name, configMaps, secrets, services);
            started.ifPresent(p -> {
                pods.add(p);
                record(p.cluster(), p.process().pid());
                LOG.infof("kubelet: pod %s started, pid %d", p.name(), p.process().pid());
            });
            if (started.isEmpty()) {
                break; // something it needs is missing yet (Secret, ConfigMap, Service): the next pass retries
            }
            mine.add(started.get());
        }
        while (mine.size() > desired) {
            terminate(mine.remove(mine.size() - 1), "scaled down to " + desired); // the newest first
        }
        for (Pod p : mine) { // executors are children of a worker: remembered, to check that they are gone too
            p.process().descendants().forEach(h -> record(p.cluster(), h.pid()));
        }
        int ready = (int) mine.stream().filter(p -> p.process().isAlive()).count();
        Integer shown = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        if (!Objects.equals(shown, ready) || !Objects.equals(d.getStatus().getReplicas(), mine.size())) {
            Deployment now = client.apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName())
                    .get();
            if (now != null && uid.equals(now.getMetadata().getUid())) {
                now.setStatus(new DeploymentStatusBuilder().withReplicas(mine.size()).withReadyReplicas(ready)
                        .withAvailableReplicas(ready).build());
                try {
                    client.apps().deployments().inNamespace(namespace).resource(now).updateStatus();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409 && e.getCode() != 404) {
                        throw e;
                    }
                    // changed or deleted since: the next pass writes it again
                }
            }
        }
    }

    /** Stops a pod by PID, off the reconcile loop, as the kubelet does: SIGTERM, a grace period, SIGKILL. */
    private void terminate(Pod pod, String why) {
        if (!pods.remove(pod)) {
            return;
        }
        LOG.infof("kubelet: stopping pod %s, pid %d: %s", pod.name(), pod.process().pid(), why);
        pod.process().descendants().forEach(h -> record(pod.cluster(), h.pid()));
        stops.add(stopper.submit(() -> ProcessTree.stop(pod.process().toHandle(), GRACE, "pod " + pod.name())
                .ifPresent(left -> LOG.warnf("kubelet: %s", left))));
    }

    private void record(String cluster, long pid) {
        pidsByCluster.computeIfAbsent(cluster, c -> ConcurrentHashMap.newKeySet()).add(pid);
    }

    private int hostPort(String service, int servicePort) {
        return servicePorts.computeIfAbsent(service, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(servicePort, p -> freePort());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the loop and every pod (by PID, waiting), then removes the pods' folders. */
    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            List.copyOf(pods).forEach(p -> terminate(p, "the harness stops"));
        }
        for (Future<?> stop : stops) {
            try {
                stop.get(GRACE.toSeconds() + 10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf("kubelet: a pod's stop failed: %s", e);
            }
        }
        stopper.shutdownNow();
        List<Long> left = allPids().stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)).toList();
        if (!left.isEmpty()) {
            LOG.warnf("kubelet: processes %s still alive after closing", left);
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("kubelet: could not remove %s: %s", root, e.getMessage());
        }
    }
}
