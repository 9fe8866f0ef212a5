package dev.sparkvar.local;

import dev.sparkvar.oshinko.ClusterConfig;
import dev.sparkvar.oshinko.ClusterModel;
import dev.sparkvar.oshinko.ClusterSummary;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.oshinko.Pod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One cluster of the local backend: its resolved config, folder, ports and Spark processes. */
final class LocalCluster {

    final String name;
    final Path dir;
    /** Chosen under the cluster's lock once its carbon receiver is bound, before the master starts. */
    volatile int masterPort;
    volatile int masterWebPort;
    final Map<String, String> workerSpark;
    /** {@code spark.authenticate}'s shared secret of this cluster: in memory only, never in the oshinko JSON. */
    final SparkSecret secret;
    volatile ClusterConfig config;
    volatile HostAndPort carbon;
    volatile SparkProcess master;
    /** Changed only under the cluster's lock; copy-on-write so that GET and list never wait for a start or stop. */
    final List<SparkProcess> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    int nextWorker = 1;
    /** Set when a delete could not stop everything; the cluster stays listed so that a retry can finish. */
    volatile String incomplete;
    /** Set under the lock once deleted: a concurrent update must not start processes for it. */
    volatile boolean deleted;

    LocalCluster(String name, Path dir, ClusterConfig config, Map<String, String> workerSpark, SparkSecret secret) {
        this.secret = secret;
        this.name = name;
        this.dir = dir;
        this.config = config;
        this.workerSpark = workerSpark;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    String masterWebUrl() {
        return "http://127.0.0.1:" + masterWebPort;
    }

    /** Oshinko's status: Running while the master runs, Incomplete otherwise. */
    String status() {
        SparkProcess m = master;
        return incomplete == null && m != null && m.alive() ? "Running" : "Incomplete";
    }

    List<SparkProcess> processes() {
        List<SparkProcess> all = new ArrayList<>();
        if (master != null) {
            all.add(master);
        }
        all.addAll(workers);
        return all;
    }

    ClusterModel model() {
        SparkProcess m = master;
        List<Pod> pods = processes().stream()
                .map(p -> new Pod("127.0.0.1", p == m ? "master" : "worker", p.phase())).toList();
        return new ClusterModel(name, status(), masterUrl(), masterWebUrl(), config, pods);
    }

    ClusterSummary summary() {
        return new ClusterSummary(name, "/clusters/" + name, status(), workers.size(), masterUrl(), masterWebUrl());
    }

    /** PIDs of every live process of the cluster: master, workers and their executors. */
    List<Long> pids() {
        return processes().stream().flatMap(p -> p.pids().stream()).toList();
    }

    /** Processes as a stream, workers newest first then the master: the order to stop them in. */
    synchronized Stream<SparkProcess> stopOrder() {
        List<SparkProcess> order = new ArrayList<>(workers);
        java.util.Collections.reverse(order);
        if (master != null) {
            order.add(master);
        }
        return order.stream();
    }
}
