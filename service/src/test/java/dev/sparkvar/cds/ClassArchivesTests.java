package dev.sparkvar.cds;

import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.Owned;
import dev.sparkvar.spark.SparkInstall;
import dev.sparkvar.testing.TestClassSharing;
import dev.sparkvar.testing.TestLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Class-sharing archives with real JVMs: a Spark master makes its archive at its exit and the next master maps it;
 * one maker at a time; the files are private; a damaged archive is never handed to a JVM, which then starts as
 * before.
 */
class ClassArchivesTests {

    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    private final SparkInstall spark = dev.sparkvar.testing.TestSparkInstall.create();

    private ClassArchives archives() {
        return archives(true);
    }

    /** Archives in this test's own folder, on or off. */
    private ClassArchives archives(boolean enabled) {
        return new ClassArchives(config(enabled), spark);
    }

    private ClassSharingConfig config(boolean enabled) {
        return TestClassSharing.config(enabled, dir.resolve("cds"), Duration.ofMinutes(10));
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMasterMakesTheArchiveAtItsExitAndTheNextMasterMapsIt() throws Exception {
        spark.requireBuilt();
        ClassArchives archives = archives();
        List<String> making = archives.options(ClassArchives.Kind.MASTER);
        assertTrue(making.stream().anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit=" + dir.resolve("cds"))),
                "the first master makes the archive: " + making);

        Process first = master(making);
        assertEquals(List.of(), archives.options(ClassArchives.Kind.MASTER),
                "while one master makes the archive, another neither makes nor uses one");
        first.destroy(); // SIGTERM, as the local backend stops a master: the JVM writes its archive on the way out
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));

        List<String> using = archives.options(ClassArchives.Kind.MASTER);
        Path archive = Path.of(using.stream().filter(o -> o.startsWith("-XX:SharedArchiveFile="))
                .findFirst().orElseThrow(() -> new AssertionError("no archive after the first master: " + using))
                .substring("-XX:SharedArchiveFile=".length()));
        assertTrue(archive.getFileName().toString().matches("master-[0-9a-f]{16}\\.jsa"), archive.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.getParent())));
        try (Stream<Path> files = Files.list(archive.getParent())) {
            assertEquals(List.of(archive), files.toList(), "the archive alone: no temporary file left");
        }

        Process second = master(using);
        String maps = Files.readString(Path.of("/proc/" + second.pid() + "/maps"));
        assertTrue(maps.contains(archive.toString()), "the second master maps " + archive);
        assertEquals(using, archives.options(ClassArchives.Kind.MASTER), "used again, as it is");
    }

    @Test
    void aDamagedArchiveIsNeverUsedAndTheJvmStartsWithoutIt() throws Exception {
        spark.requireBuilt();
        ClassArchives archives = archives();
        // the job jar's usage text: a short JVM of the driver's kind, which makes the archive at its exit
        assertEquals(0, job(archives.options(ClassArchives.Kind.DRIVER)));
        List<String> using = archives.options(ClassArchives.Kind.DRIVER);
        Path archive = Path.of(using.get(using.size() - 1).substring("-XX:SharedArchiveFile=".length()));
        List<String> required = new ArrayList<>(using);
        required.add("-Xshare:on"); // the JVM refuses to start unless it maps the archive
        assertEquals(0, job(required), "the driver maps its archive");

        // cut short, as a full disk or a copy interrupted would leave it: a JVM mapping it dies of SIGBUS
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));
        List<String> after = archives.options(ClassArchives.Kind.DRIVER);
        assertTrue(after.stream().noneMatch(o -> o.contains(archive.toString())), "not used: " + after);
        assertFalse(Files.exists(archive), "removed");
        assertEquals(0, job(after), "the driver starts (and makes a new archive)");
        assertTrue(archives.options(ClassArchives.Kind.DRIVER).contains("-XX:SharedArchiveFile=" + archive),
                "made again");

        // garbage of the same size
        Files.write(archive, new byte[whole.length]);
        List<String> garbage = archives.options(ClassArchives.Kind.DRIVER);
        assertTrue(garbage.stream().noneMatch(o -> o.contains(archive.toString())), "not used: " + garbage);
        assertEquals(0, job(garbage));
    }

    /**
     * The service's check of an archive is a JVM it starts: in the ledger with the service's marker while it runs (a
     * sweep after a crash stops it), forgotten once it has exited.
     */
    @Test
    void theCheckJvmIsRecordedWithTheMarkerAndForgottenOnceGone() throws Exception {
        spark.requireBuilt();
        Path owned = dir.resolve("owned");
        List<String> checks = new ArrayList<>();
        Ledger ledger = new Ledger(TestLedger.config(owned), TestLedger.json()) {
            @Override
            public Owned started(Owned entry, ProcessHandle process) {
                Owned done = super.started(entry, process);
                checks.add(entry.group() + " " + entry.role() + " marked="
                        + process.info().commandLine().map(c -> c.contains(entry.marker())).orElse(false)
                        + " recorded=" + entries().stream().anyMatch(o -> o.id().equals(entry.id())));
                return done;
            }
        };
        ClassArchives archives = new ClassArchives(config(true), spark, ledger);
        assertEquals(0, job(archives.options(ClassArchives.Kind.DRIVER))); // makes the archive at its exit
        assertTrue(archives.options(ClassArchives.Kind.DRIVER).stream()
                .anyMatch(o -> o.startsWith("-XX:SharedArchiveFile=")), "checked and used");
        assertEquals(List.of("(class-sharing) archive-check marked=true recorded=true"), checks);
        assertEquals(List.of(), ledger.entries(), "forgotten once the check JVM is gone");
    }

    @Test
    void offMeansNoOptionsAndNoFolder() {
        ClassArchives off = archives(false);
        assertEquals(List.of(), off.options(ClassArchives.Kind.MASTER));
        assertFalse(Files.exists(dir.resolve("cds")));
    }

    /** A Spark master as the local backend starts it, with {@code options}; returns once its web UI answers. */
    private Process master(List<String> options) throws IOException {
        int port = freePort();
        int web = freePort();
        List<String> command = new ArrayList<>(List.of(spark.java().toString()));
        command.addAll(SparkInstall.JAVA17_OPTIONS);
        command.add("-Xmx256m");
        command.addAll(options);
        command.addAll(List.of("-cp", spark.classpath(), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--webui-port", String.valueOf(web)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("master-" + port + ".log").toFile());
        builder.environment().put("SPARK_HOME", spark.sparkHome().toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        started.add(process);
        URI json = URI.create("http://127.0.0.1:" + web + "/json/");
        await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertTrue(process.isAlive(), () -> "the master exited: " + log(port));
            try {
                HttpURLConnection c = (HttpURLConnection) json.toURL().openConnection();
                c.setConnectTimeout(500);
                return c.getResponseCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return process;
    }

    private String log(int port) {
        try {
            return Files.readString(dir.resolve("master-" + port + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** {@code java <options> -jar sparkvar-job.jar --help}: its exit code. */
    private int job(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(spark.java().toString()));
        command.addAll(options);
        command.addAll(List.of("-jar", spark.jobJar().toString(), "--help"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(process);
        assertTrue(process.waitFor(START.toSeconds(), TimeUnit.SECONDS), "the job JVM did not exit");
        return process.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
