package dev.sparkvar.testing;

import dev.sparkvar.cds.ClassArchives;
import dev.sparkvar.cds.ClassArchives.Kind;
import dev.sparkvar.jobapi.JobEnvironment;
import dev.sparkvar.spark.ChildEnvironment;
import dev.sparkvar.spark.SparkInstall;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Makes the class-sharing archives that the suite's Spark JVMs map ({@code %test.sparkvar.class-sharing.dir}), once,
 * before the service's tests: the pom runs it at {@code process-test-classes} (issue 20). Made during the tests,
 * the archives came too late to pay for themselves (README, "Tests"); made here, every master, worker, driver and
 * executor of both lanes starts from them (a master's start 2.45 → 1.5 CPU-s with the tests' flags).
 * <p>
 * It runs the product's own {@link ClassArchives} (the same names, checks and private folder as the service) over
 * one real cluster of 127.0.0.1: a master, a worker and the job jar on it with one executor, each JVM of its kind
 * writing its archive at its exit. Archives already there and sound are kept and nothing is started. It never fails
 * the build: whatever goes wrong only means that the JVMs start without an archive (the service then makes them),
 * and every process it started is stopped by PID.
 */
public final class TestClassArchives {

    /** application.properties' {@code %test.sparkvar.class-sharing.dir} (relative to service/), where the tests look. */
    static final Path DIR = Path.of(TestSparkInstall.testSetting("sparkvar.class-sharing.dir"));
    private static final Duration STEP = Duration.ofSeconds(120);

    private final SparkInstall spark = TestSparkInstall.create();
    private final ClassArchives archives = new ClassArchives(TestClassSharing.config(true, DIR.toAbsolutePath(), STEP),
            spark);
    private final List<ProcessHandle> started = new ArrayList<>();
    private Path work;

    private TestClassArchives() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        TestClassArchives maker = new TestClassArchives();
        // Maven stopped meanwhile: the daemons go with this JVM
        Runtime.getRuntime().addShutdownHook(new Thread(maker::stopAll));
        String outcome;
        try {
            outcome = maker.make();
        } catch (Exception | AssertionError e) {
            outcome = "not made (" + e + "); the tests' Spark JVMs start without them";
        } finally {
            maker.stopAll();
        }
        System.out.printf("[sparkvar] class-sharing archives for the tests in %s: %s (%.1f s)%n", DIR, outcome,
                (System.nanoTime() - start) / 1e9);
    }

    private String make() throws Exception {
        spark.requireBuilt();
        Map<Kind, List<String>> options = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            options.put(kind, archives.options(kind));
        }
        if (options.values().stream().allMatch(TestClassArchives::maps)) {
            return "all four there already";
        }
        work = Files.createTempDirectory("sparkvar-test-cds-"); // 0700
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        int port = freePort();
        int web = freePort();
        URI json = URI.create("http://127.0.0.1:" + web + "/json/");

        Process master = daemon(options.get(Kind.MASTER), secret, "master", "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(web));
        await("the master's web UI", () -> status(json) == 200, master);
        Process worker = daemon(options.get(Kind.WORKER), secret, "worker", "org.apache.spark.deploy.worker.Worker",
                "--host", "127.0.0.1", "--webui-port", "0", "--cores", "2", "--memory", "1g",
                "--work-dir", work.resolve("worker").toString(), "spark://127.0.0.1:" + port);

        // the driver as JobLauncher starts it, with one 2-core executor of the tests' flags (Spark splits at spaces)
        List<String> executor = new ArrayList<>(spark.extraJavaOptions());
        executor.addAll(options.get(Kind.EXECUTOR));
        List<String> driver = new ArrayList<>(List.of(spark.java().toString(), "-Xmx512m"));
        driver.addAll(spark.javaOptions());
        driver.addAll(options.get(Kind.DRIVER));
        driver.addAll(List.of("-jar", spark.jobJar().toString(), "--master", "spark://127.0.0.1:" + port,
                "--simulations", "4000", "--output", work.resolve("result.json").toString(),
                "--conf", "spark.executor.cores=2", "--conf", "spark.executor.memory=512m",
                "--conf", "spark.executor.extraClassPath=" + spark.jars(),
                "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", executor)));
        // the driver starts while the worker registers, as the service overlaps a cold start
        Process job = start(driver, secret, "driver");
        await("the worker registered", () -> body(json).replace(" ", "").contains("\"aliveworkers\":1,"), worker);
        if (!job.waitFor(STEP.toSeconds(), TimeUnit.SECONDS) || job.exitValue() != 0) {
            throw new IllegalStateException("the job did not complete: " + tail("driver"));
        }
        // SIGTERM, as the service stops them: each JVM writes its archive on the way out (the worker's executor too)
        stop(worker.toHandle(), master.toHandle());

        List<String> made = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            made.add(kind.name().toLowerCase() + (maps(archives.options(kind)) ? " ready" : " NOT made"));
        }
        return String.join(", ", made);
    }

    /** Whether the options map an archive (rather than make one or go without). */
    private static boolean maps(List<String> options) {
        return options.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
    }

    private Process daemon(List<String> sharing, String secret, String name, String... main) throws IOException {
        List<String> command = new ArrayList<>(List.of(spark.java().toString()));
        command.addAll(spark.javaOptions());
        command.add("-Xmx256m");
        command.addAll(sharing);
        command.addAll(List.of("-Dspark.authenticate=true", "-cp", spark.classpath()));
        command.addAll(List.of(main));
        return start(command, secret, name);
    }

    /** Started from a clean environment with Spark's variables; the secret in the environment, never a flag. */
    private Process start(List<String> command, String secret, String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        ChildEnvironment.clean(env);
        env.put(JobEnvironment.SPARK_HOME, spark.sparkHome().toString());
        env.put(JobEnvironment.SPARK_SCALA_VERSION, "2.12");
        env.put(JobEnvironment.SPARK_LOCAL_IP, "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", work.toString());
        env.put(JobEnvironment.SPARK_AUTH_SECRET, secret);
        Process process = builder.start();
        started.add(process.toHandle());
        return process;
    }

    private void await(String what, BooleanSupplier condition, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + STEP.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** SIGTERM to the processes, then waits for them and their children (each may be writing an archive). */
    private static void stop(ProcessHandle... processes) {
        List<ProcessHandle> tree = Stream.of(processes).flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .toList();
        Stream.of(processes).forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(STEP.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /** Every process started and its children, by PID, forcibly if still there; then the scratch folder. */
    private void stopAll() {
        for (ProcessHandle p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | RuntimeException e) {
                // a temporary folder: best effort
            }
        }
    }

    private String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(work.resolve(name + ".log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int status(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    private static String body(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException notYet) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
