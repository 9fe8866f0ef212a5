package dev.sparkvar.local;

import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.testing.TestLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child process gets none of the service's secrets: a JVM standing for the service, with
 * {@code SPARKVAR_ACCESS_TOKENS} and other secrets in its environment, starts a daemon the way the local backend does
 * ({@link SparkProcess#start}); the daemon's {@code /proc/<pid>/environ} holds what it needs, not the secrets.
 */
class ChildEnvironmentTests {

    static final String SECRET = "s3cret-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    @Test
    void aDaemonStartsWithoutTheServicesSecrets() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder service = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Service.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        service.environment().put("SPARKVAR_ACCESS_TOKENS", SECRET);
        service.environment().put("QUARKUS_DATASOURCE_PASSWORD", SECRET);
        service.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
        service.environment().put("SPARK_LOCAL_IP", "127.0.0.1"); // a pod's address: kept
        Process process = service.start();
        Long daemon = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            daemon = CompletableFuture.supplyAsync(() -> {
                try {
                    return Long.parseLong(out.readLine().trim());
                } catch (Exception e) {
                    throw new IllegalStateException("the stand-in service printed no pid", e);
                }
            }).get(60, TimeUnit.SECONDS);
            List<String> environ = Arrays.asList(Files.readString(Path.of("/proc/" + daemon + "/environ"))
                    .split("\0"));
            assertFalse(environ.stream().anyMatch(v -> v.contains(SECRET)), "a secret reached the daemon: " + environ);
            assertFalse(environ.stream().anyMatch(v -> v.startsWith("SPARKVAR_") || v.startsWith("QUARKUS_")),
                    environ.toString());
            assertTrue(environ.stream().anyMatch(v -> v.startsWith("PATH=")), environ.toString());
            assertTrue(environ.contains("SPARK_LOCAL_IP=127.0.0.1"), environ.toString());
            assertTrue(environ.contains("SPARK_HOME=/opt/spark-of-the-test"), "what the caller adds is there");
        } finally {
            if (daemon != null) {
                ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
            }
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** The service's stand-in: starts a daemon as the local backend does, prints its pid, waits to be killed. */
    public static final class Service {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Ledger ledger = TestLedger.in(dir.resolve("owned"));
            SparkProcess daemon = SparkProcess.start(ledger, ledger.intend("env-test", "sleeper", null), "sleeper",
                    List.of("/bin/sh", "-c", "sleep 60; :"), Map.of("SPARK_HOME", "/opt/spark-of-the-test"),
                    dir.resolve("sleeper.log"));
            System.out.println(daemon.pid());
            System.out.flush();
            Thread.sleep(60_000);
            daemon.stop(Duration.ofSeconds(1));
        }
    }
}
