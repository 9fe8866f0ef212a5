package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a black box: {@code java -jar target/sparkvar-job.jar} with no JVM flags, on
 * {@code local[2]} and on a real standalone master and worker started from {@code target/spark-home}.
 */
class VarJobJarIT {
    private static final Path JAR = Path.of("target/sparkvar-job.jar").toAbsolutePath();
    private static final Path SPARK_HOME = Path.of("target/spark-home").toAbsolutePath();

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    /** Output of one finished process. */
    record Finished(int exitCode, List<String> stdout, String stderr) {
    }

    @AfterEach
    void stopEverythingWeStarted() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : started) {
            p.descendants().forEach(all::add); // executors started by the worker
            all.add(p.toHandle());
        }
        for (ProcessHandle h : all) {
            h.destroy();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : all) {
            h.onExit().join();
            assertFalse(h.isAlive(), "process " + h.pid() + " left running");
        }
    }

    private Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(log != null);
        b.environment().putAll(env);
        if (log != null) {
            b.redirectOutput(log.toFile());
        }
        Process p = b.start();
        started.add(p);
        return p;
    }

    private Finished runJar(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin()));
        cmd.addAll(START_UP);
        cmd.addAll(List.of("-jar", JAR.toString())); // no --add-opens: the manifest carries them
        cmd.addAll(Arrays.asList(args));
        Path stdout = Files.createTempFile(dir, "out", ".txt");
        Path stderr = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder b = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process p = b.start();
        started.add(p);
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("job did not finish in 240 s: " + Files.readString(stderr));
        }
        return new Finished(p.exitValue(), Files.readAllLines(stdout), Files.readString(stderr));
    }

    /** Start-up flags only (C1, serial GC: short JVMs on 2 cores), as the service's tests give their Spark JVMs. */
    private static final List<String> START_UP = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private ObjectNode result(Path file) throws IOException {
        ObjectNode r = (ObjectNode) TestSpark.JSON.readTree(file.toFile());
        r.remove("timings");
        return r;
    }

    /**
     * The one {@code local[2]} run of the jar, shared by both tests (a Spark JVM start costs seconds of CPU on 2
     * cores): the first test checks it as a black box, the second compares the cluster's result with it.
     */
    private static Finished localRun;
    private static ObjectNode localResult;

    private Finished localRun() throws Exception {
        if (localRun == null) {
            Path out = dir.resolve("local.json");
            Finished run = runJar("--master", "local[2]", "--simulations", "4000", "--sample-fraction", "0.2",
                    "--output", out.toString());
            assertEquals(0, run.exitCode(), run.stderr()); // not kept if it failed: the other test runs it again
            localResult = result(out);
            localRun = run;
        }
        return localRun;
    }

    @Test
    void jarRunsTheBundledSampleWithNoJvmFlagsAndRejectsBadInput() throws Exception {
        Finished run = localRun();
        JsonNode last = TestSpark.JSON.readTree(run.stdout().get(run.stdout().size() - 1));
        assertEquals("result", last.get("event").asText());
        for (String line : run.stdout()) {
            assertTrue(line.startsWith("{\"event\":"), "stdout carries JSON lines only: " + line);
        }
        assertEquals(75_870, localResult.get("rows").asInt(), "the bundled sample beside the jar");
        assertFalse(run.stderr().contains(" INFO "), "conf/log4j2.properties keeps Spark quiet");

        Finished bad = runJar("--data", dir.resolve("missing.csv").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stdout().get(0).contains("\"exitCode\":2"), bad.stdout().toString());
        assertTrue(bad.stderr().contains("Data file not found"), bad.stderr());
    }

    @Test
    void standaloneClusterGivesTheSameResultAsLocalMode() throws Exception {
        int masterPort = freePort();
        int masterUi = freePort();
        int workerUi = freePort();
        List<String> jvm = new ArrayList<>();
        jvm.add(javaBin());
        jvm.addAll(START_UP);
        jvm.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split(" ")));
        jvm.add("-Xmx256m");
        jvm.add("-cp");
        jvm.add(SPARK_HOME.resolve("conf") + File.pathSeparator + SPARK_HOME.resolve("jars") + "/*");
        Path work = Files.createDirectories(dir.resolve("work"));
        Map<String, String> env = Map.of("SPARK_HOME", SPARK_HOME.toString(), "SPARK_SCALA_VERSION", "2.12",
                "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_LOCAL_DIRS", work.toString());
        List<String> master = new ArrayList<>(jvm);
        master.addAll(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUi)));
        start(master, env, dir.resolve("master.log"));
        String url = "spark://127.0.0.1:" + masterPort;
        List<String> worker = new ArrayList<>(jvm);
        worker.addAll(List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--webui-port", Integer.toString(workerUi), "--cores", "2", "--memory", "1g",
                "--work-dir", work.toString(), url));
        start(worker, env, dir.resolve("worker.log"));
        awaitAliveWorkers(masterUi, Duration.ofSeconds(90));

        Path onCluster = dir.resolve("cluster.json");
        Finished run = runJar("--master", url, "--simulations", "4000", "--sample-fraction", "0.2",
                "--conf", "spark.executor.memory=512m", "--output", onCluster.toString());
        assertEquals(0, run.exitCode(), run.stderr() + Files.readString(dir.resolve("worker.log")));
        localRun();
        ObjectNode a = result(onCluster);
        ObjectNode b = localResult.deepCopy();
        a.remove("partitions");
        b.remove("partitions");
        assertEquals(b, a, "bit-identical on the cluster and in local mode");
    }

    private static void awaitAliveWorkers(int uiPort, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + uiPort + "/json/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() == 200 && TestSpark.JSON.readTree(r.body()).path("aliveworkers").asInt() >= 1) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no worker registered within " + timeout);
    }
}
