package dev.sparkvar.local;

import dev.sparkvar.cds.ClassArchives;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.Owned;
import dev.sparkvar.ownership.PrivateFiles;
import dev.sparkvar.spark.SparkInstall;
import io.quarkus.logging.Log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Starts the Spark standalone daemons of a local cluster as child JVMs on 127.0.0.1: their command lines,
 * environment and folders, and the wait until a Master accepts Workers. Blocking.
 */
final class SparkDaemons {

    /** Spark's switch for its RPC authentication with a shared secret. */
    static final String AUTHENTICATE = "spark.authenticate";
    static final int MASTER_ATTEMPTS = 3;
    /** What a Master whose port was taken logs (Netty's bind, then Spark's "Service 'sparkMaster' could not bind"). */
    private static final String BIND_FAILED = "java.net.BindException";

    private final SparkInstall spark;
    private final LocalConfig config;
    private final Ledger ledger;
    private final ClassArchives archives;
    private final IntFunction<int[]> ports;

    SparkDaemons(SparkInstall spark, LocalConfig config, Ledger ledger, ClassArchives archives) {
        this(spark, config, ledger, archives, SparkDaemons::freePorts);
    }

    /** With the master's port probe given: a test hands out a port it holds, as another process would take it. */
    SparkDaemons(SparkInstall spark, LocalConfig config, Ledger ledger, ClassArchives archives, IntFunction<int[]> ports) {
        this.ports = ports;
        this.spark = spark;
        this.config = config;
        this.ledger = ledger;
        this.archives = archives;
    }

    /** Fails with a clear message when the job module (spark-home) is not built. */
    void requireBuilt() {
        spark.requireBuilt();
    }

    /**
     * Starts the Master on two fresh ports and waits until Workers can register with it. A port is probed free and
     * released before the Master binds it, so another process binding port 0 in between can take it (seen with two
     * test lanes: {@code BindException} at the master's start, the run failed): a Master that exits on a taken port
     * is started again on fresh ports, up to {@value #MASTER_ATTEMPTS} times.
     */
    void startMaster(LocalCluster cluster, Map<String, String> masterSpark) {
        for (int attempt = 1; ; attempt++) {
            // Probed after the carbon receiver is bound, and both at once: a port probed and released can
            // be handed out again by the next bind to port 0 (seen: carbon and master on one port).
            int[] fresh = ports.apply(2);
            cluster.masterPort = fresh[0];
            cluster.masterWebPort = fresh[1];
            // the master's entry carries the cluster folder: a sweep after a crash removes it with the processes
            Owned owned = ledger.intend(cluster.name, "master", cluster.dir);
            cluster.master = SparkProcess.start(ledger, owned, "cluster " + cluster.name + " master",
                    masterCommand(cluster, masterSpark, owned), env(cluster),
                    cluster.dir.resolve(attempt == 1 ? "master.log" : "master-" + attempt + ".log"));
            try {
                awaitMaster(cluster);
                return;
            } catch (PortTaken e) {
                cluster.master.stop(Duration.ZERO); // it has exited: this only leaves the ledger
                if (attempt == MASTER_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage() + " (" + MASTER_ATTEMPTS + " attempts)");
                }
                Log.infof("cluster %s: port %d or %d was taken between its probe and the master's bind; starting the"
                        + " master again on fresh ports", cluster.name, cluster.masterPort, cluster.masterWebPort);
            }
        }
    }

    /** A Master that exited because one of its ports was taken (a {@code BindException} in its log). */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    void startWorker(LocalCluster cluster) {
        int index = cluster.nextWorker++;
        Path workDir = cluster.dir.resolve("worker-" + index);
        createDirectories(workDir);
        Owned owned = ledger.intend(cluster.name, "worker-" + index, null);
        List<String> command = javaCommand(cluster.workerSpark, owned, ClassArchives.Kind.WORKER);
        command.addAll(List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--webui-port", "0",
                "--cores", String.valueOf(config.workerCores()), "--memory", config.workerMemory(),
                "--work-dir", workDir.toString(), cluster.masterUrl()));
        SparkProcess worker = SparkProcess.start(ledger, owned,
                "cluster " + cluster.name + " worker-" + index, command,
                env(cluster), cluster.dir.resolve("worker-" + index + ".log"));
        cluster.workers.add(worker);
    }

    private List<String> masterCommand(LocalCluster cluster, Map<String, String> masterSpark, Owned owned) {
        Map<String, String> props = new LinkedHashMap<>(masterSpark);
        if (cluster.carbon != null) {
            String sink = "spark.metrics.conf.master.sink.graphite.";
            props.put(sink + "class", "org.apache.spark.metrics.sink.GraphiteSink");
            props.put(sink + "host", cluster.carbon.host());
            props.put(sink + "port", String.valueOf(cluster.carbon.port()));
            props.put(sink + "period", String.valueOf(config.masterMetricsPeriod()));
            props.put(sink + "unit", "seconds");
        }
        // A port taken between probe and bind must fail the start, not move the master where nobody looks.
        props.put("spark.port.maxRetries", "0");
        List<String> command = javaCommand(props, owned, ClassArchives.Kind.MASTER);
        command.addAll(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(cluster.masterPort), "--webui-port", String.valueOf(cluster.masterWebPort)));
        return command;
    }

    /**
     * {@code java <our marker> <Spark's flags> -Xmx.. <class sharing> -D<spark props> -cp <spark-home>}: a daemon's
     * start.
     */
    private List<String> javaCommand(Map<String, String> sparkProperties, Owned owned, ClassArchives.Kind kind) {
        List<String> command = new ArrayList<>();
        command.add(spark.java().toString());
        command.add(owned.marker());
        command.addAll(spark.javaOptions());
        command.add("-Xmx" + config.daemonHeap());
        command.addAll(archives.options(kind));
        sparkProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // Last, so that a cluster config cannot turn it off: without it any local process may register an
        // application with the master and run its code on our workers. The secret itself is in env().
        command.add("-D" + AUTHENTICATE + "=true");
        command.add("-cp");
        command.add(spark.classpath());
        return command;
    }

    /**
     * A daemon's environment: Spark's variables and the cluster's secret, which Master and Worker read from
     * {@code _SPARK_AUTH_SECRET} before their conf. Never a {@code -D}: a command line is every local user's to read.
     */
    private Map<String, String> env(LocalCluster cluster) {
        Path local = cluster.dir.resolve("local");
        createDirectories(local);
        return Map.of("SPARK_HOME", spark.sparkHome().toString(), "SPARK_SCALA_VERSION", "2.12",
                "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_LOCAL_DIRS", local.toString(),
                SparkSecret.ENVIRONMENT_VARIABLE, cluster.secret.value());
    }

    /**
     * Waits until the Master's web UI answers {@code /json/}. Its RPC port opens before the Master endpoint is
     * registered; a Worker connecting in between fails and retries only 5-15 s later. The web UI is bound in the
     * endpoint's onStart, so once it answers, registration works at once.
     */
    private void awaitMaster(LocalCluster cluster) {
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        URI json = URI.create(cluster.masterWebUrl() + "/json/");
        while (System.nanoTime() < deadline) {
            if (!cluster.master.alive()) {
                String message = "the Spark master exited while starting; its log ends with:\n"
                        + cluster.master.logTail(20);
                throw cluster.master.logContains(BIND_FAILED) ? new PortTaken(message) : new IllegalStateException(message);
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) json.toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep(100);
        }
        throw new IllegalStateException("the Spark master's web UI did not answer " + json + " within "
                + config.startTimeout() + "; its log ends with:\n" + cluster.master.logTail(20));
    }

    Path clusterDir(String name) {
        return config.workDir().resolve(name + "-" + Instant.now().toEpochMilli());
    }

    /** {@code count} distinct free ports on 127.0.0.1, probed while all are held. */
    static int[] freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket cannot matter
                }
            }
        }
    }

    /** A cluster's folders are 0700: they hold its logs and its executors' scratch files. */
    static void createDirectories(Path dir) {
        PrivateFiles.folder(dir);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Spark master", e);
        }
    }
}
