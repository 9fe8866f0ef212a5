package dev.sparkvar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The service as its own process, started from the built jar ({@code target/quarkus-app/quarkus-run.jar}, so only
 * after {@code package}: failsafe's {@code *IT} classes) on 127.0.0.1 with its own data folder, and every process
 * it starts, sampled while it lives: a fault test kills or stops it by PID and checks, by PID, what is left.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Prefix of the ledger's marker on the command line of every process the service starts. */
    public static final String MARKER = "-Downed.by.sparkvar=";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One process the service started, as last seen while it lived. */
    public record Child(long pid, Instant started, String commandLine) {

        /** master, worker, executor, job, archive-check, or the command itself for anything else. */
        public String role() {
            if (commandLine.contains("-Xshare:on") && commandLine.endsWith(" -version")) {
                return "archive-check"; // cds/ClassArchives' check of an archive, before any start maps it
            } else if (commandLine.contains("org.apache.spark.deploy.master.Master")) {
                return "master";
            } else if (commandLine.contains("org.apache.spark.deploy.worker.Worker")) {
                return "worker";
            } else if (commandLine.contains("CoarseGrainedExecutorBackend")) {
                return "executor";
            } else if (commandLine.contains("sparkvar-job.jar")) {
                return "job";
            }
            return commandLine.length() > 120 ? commandLine.substring(0, 120) + "..." : commandLine;
        }

        public boolean marked() {
            return commandLine.contains(MARKER);
        }

        /** Alive, and the same process (not another one that reused its PID). */
        public boolean alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(h -> started == null || h.info().startInstant().map(started::equals).orElse(true))
                    .orElse(false);
        }

        @Override
        public String toString() {
            return role() + " " + pid;
        }
    }

    private final Path home;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;
    private final Map<Long, Child> children = new ConcurrentHashMap<>();
    private final Thread sampler;

    private ServiceProcess(Path home, int port, int managementPort, Process process, Path log) {
        this.home = home;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
        this.sampler = new Thread(this::sample, "test-service-sampler-" + process.pid());
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * Starts the service from the jar: data in {@code home/runs}, local clusters in {@code home/work}, its output in
     * {@code home/<name>.log}. Elastic workers off, so that the cluster keeps the processes the test looked at; no warm pool
     * unless {@code sparkvar.pool.size} is given.
     */
    public static ServiceProcess start(Path home, int port, String name, Map<String, String> properties) {
        Path jar = Path.of(System.getProperty("sparkvar.service.jar", "target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath();
        Path jobHome = Path.of(System.getProperty("sparkvar.job.home", "../spark-job/target")).toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the *IT tests after package (./mvnw verify)");
        }
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
        // the test profile's start-up flags for this JVM and the Spark JVMs it starts (application.properties)
        command.addAll(TestSparkInstall.JVM_OPTIONS);
        command.addAll(List.of(
                "-Dsparkvar.job.jvm-options=" + String.join(",", TestSparkInstall.JVM_OPTIONS),
                // no class-sharing archives: a run's launch waits for the check of an archive (a short JVM) and a
                // SIGTERM in that moment left a job started after the service had stopped its runs (issue 20's note)
                "-Dsparkvar.class-sharing.enabled=false",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dsparkvar.runs.dir=" + runsDir(home),
                "-Dsparkvar.local.work-dir=" + workDir(home),
                "-Dsparkvar.job.home=" + jobHome,
                "-Dsparkvar.elastic.enabled=false",
                // as the other tests (application.properties, %test): one executor JVM per worker
                "-Dsparkvar.driver.executor-cores=2"));
        if (!properties.containsKey("sparkvar.pool.size")) {
            command.add("-Dsparkvar.pool.size=0"); // no warm pool unless the test is about it
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = home.resolve(name + ".log");
        try {
            Files.createDirectories(home);
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // the token as a deployment gives it (a Secret in the environment): never on the command line
            builder.environment().put("SPARKVAR_ACCESS_TOKENS", TestAccess.TOKEN);
            Process p = builder.start();
            return new ServiceProcess(home, port, managementPort, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path runsDir(Path home) {
        return home.resolve("runs").toAbsolutePath();
    }

    public static Path workDir(Path home) {
        return home.resolve("work").toAbsolutePath();
    }

    /** A port free on 127.0.0.1 now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** {@code path} on the management port, where health and metrics are. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** Waits until {@code /q/health/ready} answers UP; fails early if the process exits. */
    public ServiceProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + " while starting:\n"
                        + logTail(40));
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the service was not ready within " + timeout + ":\n" + logTail(40));
    }

    /** SIGKILL to the service's PID (kill -9), nothing else. */
    public void kill9() {
        ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM to the service's PID (kill), nothing else. */
    public void term() {
        ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroy);
    }

    /** Waits for the service to exit; its exit code, or empty if it still runs after {@code timeout}. */
    public Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                ? Optional.of(process.exitValue()) : Optional.empty();
    }

    /** Every process the service started so far (sampled every 100 ms while it lives), with its last command line. */
    public List<Child> children() {
        sampleOnce();
        return List.copyOf(children.values());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        // health and metrics are served on the management port only
        URI target = path.startsWith("/q/health") || path.startsWith("/q/metrics") ? managementUri(path) : uri(path);
        return HTTP.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(20))
                        .header("Authorization", TestAccess.authorization()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** POSTs a run; its id. */
    public String postRun(String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/runs")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", TestAccess.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new AssertionError("POST /runs: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("id").asText();
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The service's whole log, for assertions on what it said. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the service if it still runs (SIGTERM, then SIGKILL); its children are the test's to check. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            term();
            if (awaitExit(Duration.ofSeconds(60)).isEmpty()) {
                kill9();
                awaitExit(Duration.ofSeconds(10));
            }
        }
        sampler.interrupt();
    }

    /** Last resort after a failed test: SIGKILL to each of {@code children} that is still the same process. */
    public static void killLeftovers(Collection<Child> children) {
        children.stream().filter(Child::alive).forEach(c -> ProcessHandle.of(c.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    private void sample() {
        while (process.isAlive() && !Thread.currentThread().isInterrupted()) {
            sampleOnce();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce() {
        // the command line is read again while the process lives: right after the fork it is still ours (or
        // jspawnhelper's), the exec'd command comes a moment later
        process.descendants().forEach(h -> commandLine(h).ifPresent(line ->
                children.put(h.pid(), new Child(h.pid(), h.info().startInstant().orElse(null), line))));
    }

    private static Optional<String> commandLine(ProcessHandle h) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(h.pid()), "cmdline"));
            if (raw.length > 0) {
                return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
            }
        } catch (IOException | UncheckedIOException e) {
            // not Linux, or gone
        }
        return h.info().commandLine();
    }

    /** Names of the entries of a folder (none if it does not exist). */
    public static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }
}
