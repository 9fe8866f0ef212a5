package dev.sparkvar.local;

import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.oshinko.ClusterModel;
import dev.sparkvar.oshinko.NewCluster;
import dev.sparkvar.oshinko.OshinkoClient;
import dev.sparkvar.spark.SparkInstall;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A local cluster runs with Spark's authentication (issue 13): real Master, Worker, executor and driver JVMs. The job
 * jar started by hand as a driver registers and finishes with the cluster's secret in its environment, and cannot
 * register without it or with a wrong one; the secret is on no command line, in no log and in no oshinko JSON.
 */
@QuarkusTest
class SparkAuthenticationTests {

    private static final Duration START = Duration.ofSeconds(90);
    /** A driver's first attempt to register is refused within seconds; the bound is for a loaded machine. */
    private static final Duration REFUSED = Duration.ofSeconds(60);
    /** What Spark's StandaloneAppClient logs when the master closes the connection (no or a wrong secret). */
    private static final String REFUSAL = "Failed to connect to master";

    @Inject
    OshinkoClient oshinko;
    @Inject
    LocalClusters local;
    @Inject
    SparkInstall spark;

    @TempDir
    Path tmp;

    private final List<Process> drivers = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process driver : drivers) {
            List<ProcessHandle> children = driver.descendants().toList();
            children.forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
            // gone before the next test class counts processes, not merely signalled
            assertTrue(driver.waitFor(10, TimeUnit.SECONDS), "driver " + driver.pid() + " did not end");
            for (ProcessHandle child : children) {
                child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join();
            }
        }
        local.stopEverything();
    }

    @Test
    void onlyADriverWithTheClustersSecretRunsOnIt() throws Exception {
        String name = "it-auth";
        ClusterModel cluster = oshinko.create(new NewCluster(name, null)).await().atMost(START).cluster();
        String secret = local.secret(name).orElseThrow().value();
        assertTrue(secret.matches("[0-9a-f]{64}"), "256 bits, hex");
        assertNotEquals(secret, SparkSecret.random().value());
        assertFalse(SparkSecret.random().toString().matches(".*[0-9a-f]{64}.*"), "toString hides the value");

        String json = given().when().get("/oshinko/clusters/" + name).then().statusCode(200).extract().asString()
                + given().when().get("/oshinko/clusters").then().statusCode(200).extract().asString();
        assertFalse(json.contains(secret), "the oshinko API never shows the secret: " + json);

        Map<String, Long> daemons = local.daemonPids(name);
        assertEquals(List.of("master", "worker-1"), List.copyOf(daemons.keySet()));
        for (Map.Entry<String, Long> daemon : daemons.entrySet()) {
            String args = args(daemon.getValue());
            assertTrue(args.contains("-Dspark.authenticate=true"), daemon.getKey() + ": " + args);
            assertFalse(args.contains(secret), daemon.getKey() + "'s command line shows the secret");
            String environ = Files.readString(Path.of("/proc/" + daemon.getValue() + "/environ"), StandardCharsets.ISO_8859_1);
            assertTrue(environ.contains("\0" + SparkSecret.ENVIRONMENT_VARIABLE + "=" + secret + "\0"),
                    daemon.getKey() + " gets the secret through its environment");
        }

        // with the secret in its environment: the driver registers, its executor runs the tasks, the job finishes
        Path result = tmp.resolve("with.json");
        Process with = driver(cluster.masterUrl(), "with-secret", secret, result);
        int checks = 0;
        boolean executorSeen = false;
        long deadline = System.nanoTime() + START.multipliedBy(2).toNanos();
        while (with.isAlive() && System.nanoTime() < deadline) {
            assertNoCommandLineShows(secret);
            checks++;
            executorSeen |= local.pids(name).size() > 2;
            Thread.sleep(200);
        }
        assertTrue(with.waitFor(1, TimeUnit.SECONDS), "the driver with the secret did not finish within " + START.multipliedBy(2));
        assertEquals(0, with.exitValue(), "with the secret the job runs: " + log("with-secret"));
        assertTrue(Files.readString(result).contains("\"var\""), Files.readString(result));
        assertTrue(executorSeen && checks > 5, "the command lines were checked while an executor ran (" + checks + ")");
        assertEquals(List.of("with-secret"), applications(cluster.masterWebUrl()));

        // without it, and with a wrong one: the master refuses the connection. Spark's driver would retry twice more,
        // 20 s apart (StandaloneAppClient), before giving up with "All masters are unresponsive"; the refused first
        // attempt already proves the point, so the test stops the drivers there instead of paying a minute.
        Process without = driver(cluster.masterUrl(), "without-secret", null, tmp.resolve("without.json"));
        Process wrong = driver(cluster.masterUrl(), "wrong-secret", "0".repeat(64), tmp.resolve("wrong.json"));
        org.awaitility.Awaitility.await("both drivers refused").atMost(REFUSED).pollInterval(Duration.ofMillis(250))
                .until(() -> log("without-secret").contains(REFUSAL) && log("wrong-secret").contains(REFUSAL));
        for (Process refused : List.of(without, wrong)) {
            assertTrue(refused.isAlive() || refused.exitValue() != 0, "a refused driver never succeeds");
        }
        assertFalse(Files.exists(tmp.resolve("without.json")) || Files.exists(tmp.resolve("wrong.json")));
        assertEquals(List.of("with-secret"), applications(cluster.masterWebUrl()),
                "neither got an application registered");

        for (Path file : clusterFiles(name)) {
            assertFalse(Files.readString(file, StandardCharsets.ISO_8859_1).contains(secret), file + " shows the secret");
        }
        for (String driver : List.of("with-secret", "without-secret", "wrong-secret")) {
            assertFalse(log(driver).contains(secret), driver + "'s output shows the secret");
        }
    }

    /** The job jar as a driver of {@code masterUrl}, as JobLauncher starts it, with {@code secret} (or none). */
    private Process driver(String masterUrl, String appName, String secret, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(spark.java().toString(), "-Xmx512m"));
        command.addAll(spark.javaOptions());
        command.addAll(List.of("-jar", spark.jobJar().toString(), "--master", masterUrl, "--app-name", appName,
                "--simulations", "2000", "--output", output.toString(),
                "--conf", "spark.executor.memory=512m", "--conf", "spark.executor.cores=1",
                "--conf", "spark.local.dir=" + tmp.resolve(appName + "-local")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(appName + ".log").toFile());
        builder.environment().remove(SparkSecret.ENVIRONMENT_VARIABLE);
        builder.environment().put("SPARK_HOME", spark.sparkHome().toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        if (secret != null) {
            builder.environment().put(SparkSecret.ENVIRONMENT_VARIABLE, secret);
        }
        Process process = builder.start();
        drivers.add(process);
        return process;
    }

    private String log(String appName) {
        try {
            return Files.readString(tmp.resolve(appName + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of every application the master knows, running or finished, from its web UI's JSON. */
    private static List<String> applications(String masterWebUrl) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String json = client.send(HttpRequest.newBuilder(URI.create(masterWebUrl + "/json/")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String args(long pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "args=", "-p", String.valueOf(pid)).redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ps.waitFor(10, TimeUnit.SECONDS), "ps did not answer");
        return out;
    }

    /** Every process on the machine: the master, worker, executor and driver included. */
    private static void assertNoCommandLineShows(String secret) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-eww", "-o", "args=").redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ps.waitFor(10, TimeUnit.SECONDS), "ps did not answer");
        assertTrue(out.contains("org.apache.spark.deploy.master.Master"), "ps lists the daemons");
        assertFalse(out.contains(secret), "a command line shows the secret");
    }

    /** The cluster's logs and work folders (the executors' stdout and stderr with their launch commands). */
    private List<Path> clusterFiles(String name) throws IOException {
        Path dir = local.all().stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow().dir;
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jar")).toList();
            assertTrue(all.stream().anyMatch(f -> f.getFileName().toString().equals("stderr")),
                    "an executor's stderr is among " + all);
            return all;
        }
    }
}
