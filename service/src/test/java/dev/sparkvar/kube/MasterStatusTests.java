package dev.sparkvar.kube;

import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.cluster.WorkerCount;
import dev.sparkvar.spark.SparkInstall;
import dev.sparkvar.spark.SparkInstallConfig;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker count of the Kubernetes backend against a real Spark 3.5 standalone master and worker (JVMs started
 * here on 127.0.0.1, with spark.authenticate and the secret in the environment, as the adapter's pods run them):
 * the master's {@code /json/} answers {@code aliveworkers}, the wait sees the worker register, and the follow
 * sees it leave.
 */
class MasterStatusTests {

    private static final Duration START = Duration.ofSeconds(90);

    private static Vertx vertx;
    private final List<Process> daemons = new ArrayList<>();
    private final SparkSecret secret = SparkSecret.random();

    @TempDir
    Path tmp;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.closeAndAwait();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "daemon " + p.pid() + " did not end");
        }
    }

    @Test
    void noMasterIsNoDataNotAFailure() throws IOException {
        int port = freePort();
        try (MasterStatus status = new MasterStatus(vertx, c -> URI.create("http://127.0.0.1:" + port + "/json/"),
                Duration.ofSeconds(2))) {
            assertEquals(Optional.empty(), status.aliveWorkers("c").await().atMost(Duration.ofSeconds(10)));
        }
    }

    @Test
    void workersAreCountedFromARealMastersJsonStatus() throws Exception {
        SparkInstall spark = new SparkInstall(new SparkInstallConfig() {
            @Override
            public Path home() {
                return Path.of(System.getProperty("sparkvar.job.home", "../spark-job/target"));
            }

            @Override
            public Optional<Path> java() {
                return Optional.empty();
            }

            @Override
            public Optional<List<String>> jvmOptions() {
                return Optional.empty();
            }
        });
        spark.requireBuilt();
        int rpc = freePort();
        int web = freePort();
        daemons.add(start(spark, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(rpc), "--webui-port", String.valueOf(web)));
        URI json = URI.create("http://127.0.0.1:" + web + "/json/");
        try (MasterStatus status = new MasterStatus(vertx, c -> json, Duration.ofSeconds(5))) {
            await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() ->
                    status.aliveWorkers("c").await().atMost(Duration.ofSeconds(10)).isPresent());
            assertEquals(Optional.of(0), status.aliveWorkers("c").await().atMost(Duration.ofSeconds(10)));

            WorkerWatch watch = new WorkerWatch(status::aliveWorkers, Duration.ofMillis(250), START);
            AssertSubscriber<WorkerCount> wait = watch.watch("c", 1).subscribe()
                    .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            Process worker = start(spark, "worker", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--webui-port", "0", "--cores", "1", "--memory", "512m",
                    "--work-dir", tmp.resolve("work").toString(), "spark://127.0.0.1:" + rpc);
            daemons.add(worker);
            wait.awaitCompletion(START);
            List<Integer> seen = wait.getItems().stream().map(WorkerCount::alive).toList();
            assertEquals(List.of(0, 1), seen, "the first count, then the registered worker");

            // the worker goes (its pod scaled away): the master drops it when its connection closes
            AssertSubscriber<Integer> follow = watch.follow("c", 1).subscribe()
                    .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            worker.destroy();
            assertTrue(worker.waitFor(20, TimeUnit.SECONDS));
            follow.awaitItems(1, START);
            assertEquals(0, follow.getItems().get(0));
            follow.cancel();
        }
    }

    /** A daemon as the adapter's pods run it: authenticated RPC, the secret in the environment only. */
    private Process start(SparkInstall spark, String name, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(spark.java().toString());
        command.addAll(SparkInstall.JAVA17_OPTIONS);
        command.add("-Xmx256m");
        command.add("-Dspark.authenticate=true");
        command.add("-cp");
        command.add(spark.classpath());
        command.add(main);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", spark.sparkHome().toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_LOCAL_DIRS", tmp.resolve("local-" + name).toString());
        builder.environment().put(SparkSecret.ENVIRONMENT_VARIABLE, secret.value());
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
