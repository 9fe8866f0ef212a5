package dev.sparkvar.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cluster.Clusters;
import dev.sparkvar.oshinko.ClusterConfig;
import dev.sparkvar.oshinko.ClusterModel;
import dev.sparkvar.oshinko.NewCluster;
import dev.sparkvar.oshinko.OshinkoClient;
import dev.sparkvar.metrics.WorkerRegistration;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Benchmark, not a test (its name keeps it out of {@code ./mvnw test}): create-to-all-workers-alive time of a
 * local cluster through the service's real path (oshinko API, Graphite stream), against a baseline measured in
 * the same run (the Master's own JSON API polled every 50 ms), and the RSS of master and worker.
 * Run: {@code service/bench/cluster-startup.sh [repetitions] [workers]}.
 */
@QuarkusTest
class ClusterStartupBench {

    @Inject
    OshinkoClient oshinko;
    @Inject
    Clusters clusters;
    @Inject
    LocalClusters local;
    @Inject
    ObjectMapper json;

    @Test
    void createToAllWorkersAlive() throws Exception {
        int repetitions = Integer.getInteger("bench.repetitions", 3);
        int workers = Integer.getInteger("bench.workers", 2);
        List<double[]> rows = new ArrayList<>();
        System.out.printf("%nrep  workers  create(s)  master-json-alive(s)  stream-alive(s)  ratio  master-RSS(MiB)  worker-RSS(MiB)%n");
        for (int rep = 1; rep <= repetitions; rep++) {
            String name = "bench-" + rep;
            long t0 = System.nanoTime();
            ClusterModel cluster = oshinko.create(new NewCluster(name,
                    new ClusterConfig("clusterconfig", null, workers, null, null, null, null, null, null, null)))
                    .await().atMost(Duration.ofMinutes(2)).cluster();
            double created = seconds(t0);
            // baseline: when the Master itself says every worker is alive (its JSON API, polled every 50 ms)
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Double> baseline = CompletableFuture.supplyAsync(() -> {
                while (!stop.get()) {
                    if (aliveWorkers(cluster.masterWebUrl()) >= workers) {
                        return seconds(t0);
                    }
                    sleep(50);
                }
                return Double.NaN;
            });
            clusters.awaitWorkers(name, workers).collect().last().await().atMost(Duration.ofMinutes(5));
            double stream = seconds(t0);
            double direct = baseline.get();
            stop.set(true);
            Map<String, Long> pids = local.daemonPids(name);
            double masterRss = rssMiB(pids.get("master"));
            double workerRss = rssMiB(pids.get("worker-1"));
            System.out.printf("%3d  %7d  %9.2f  %20.2f  %15.2f  %5.2f  %15.0f  %15.0f%n", rep, workers, created, direct, stream,
                    stream / direct, masterRss, workerRss);
            rows.add(new double[] {created, direct, stream, masterRss, workerRss});
            oshinko.delete(name).await().atMost(Duration.ofMinutes(1));
        }
        double[] mean = new double[5];
        rows.forEach(r -> {
            for (int i = 0; i < 5; i++) {
                mean[i] += r[i] / rows.size();
            }
        });
        System.out.printf("mean          %9.2f  %20.2f  %15.2f  %5.2f  %15.0f  %15.0f%n%n", mean[0], mean[1], mean[2],
                mean[2] / mean[1], mean[3], mean[4]);
    }

    private int aliveWorkers(String masterWebUrl) {
        try {
            JsonNode node = json.readTree(URI.create(masterWebUrl + "/json/").toURL());
            return node.path("aliveworkers").asInt(0);
        } catch (IOException notYet) {
            return 0;
        }
    }

    private static double rssMiB(Long pid) throws IOException {
        if (pid == null) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
