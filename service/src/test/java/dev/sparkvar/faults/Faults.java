package dev.sparkvar.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.testing.ServiceProcess;
import dev.sparkvar.testing.ServiceProcess.Child;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the fault tests with the service as its own process share: folders, waits by PID, the stored record. */
final class Faults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Faults() {
    }

    /** An empty folder {@code target/it-faults/<name>} (kept after the test, with the service's logs). */
    static Path freshHome(String name) throws IOException {
        Path home = Path.of("target", "it-faults", name).toAbsolutePath();
        if (Files.exists(home)) {
            try (Stream<Path> all = Files.walk(home)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(home);
        return home;
    }

    static double seconds(long sinceNanos) {
        return Math.round((System.nanoTime() - sinceNanos) / 1e8) / 10.0;
    }

    /** Waits until the service has started a live process of each role; then every process it started. */
    static List<Child> awaitRoles(ServiceProcess service, Set<String> roles, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Child> children = service.children();
            Set<String> alive = children.stream().filter(Child::alive).map(Child::role).collect(Collectors.toSet());
            if (alive.containsAll(roles)) {
                return children;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no live " + roles + " within " + timeout + ": " + children);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Every JVM the service started (master, workers, executors, job) carries the ledger's marker on its command line.
     * Not checked: Spark's and Hadoop's short-lived helpers ({@code bash -c echo $$}, {@code setsid ...}) and
     * {@code jspawnhelper} caught before its exec; they are in the "all gone" checks all the same.
     */
    static void assertAllMarked(Collection<Child> children) {
        assertEquals(List.of(), children.stream().filter(c -> jvm(c) && !c.marked())
                .map(c -> c.pid() + ": " + c.commandLine()).toList(), "JVMs started without the marker");
    }

    /** The JVMs by role and PID, and how many short-lived helpers came and went. */
    static String describe(Collection<Child> children) {
        long helpers = children.stream().filter(c -> !jvm(c)).count();
        return children.stream().filter(Faults::jvm).sorted(Comparator.comparing(Child::role))
                .map(Child::toString).collect(Collectors.joining(", "))
                + (helpers == 0 ? "" : " (+" + helpers + " short-lived helper process(es), also checked)");
    }

    private static boolean jvm(Child c) {
        String command = c.commandLine().split(" ", 2)[0];
        return command.equals("java") || command.endsWith("/java");
    }

    /** When each process ends, in seconds after {@code since} (filled in as they end). */
    static Map<String, Double> watchExits(Collection<Child> children, long since) {
        Map<String, Double> exits = java.util.Collections.synchronizedMap(new TreeMap<>());
        for (Child c : children) {
            ProcessHandle.of(c.pid()).filter(h -> c.alive()).ifPresentOrElse(
                    h -> h.onExit().thenRun(() -> exits.put(c.toString(), seconds(since))),
                    () -> exits.put(c.toString(), 0.0));
        }
        return exits;
    }

    /** Waits, by PID, until none of {@code children} is alive; what is still alive after {@code bound}. */
    static List<Child> awaitGone(Collection<Child> children, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            List<Child> alive = children.stream().filter(Child::alive).toList();
            if (alive.isEmpty() || System.nanoTime() > deadline) {
                return alive;
            }
            Thread.sleep(100);
        }
    }

    /** The run as {@code run.json} holds it, once {@code ready} holds (the store writes on its own thread). */
    static JsonNode awaitStored(Path home, String id, Predicate<JsonNode> ready, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode run = null;
        while (true) {
            run = stored(home, id);
            if (ready.test(run) || System.nanoTime() > deadline) {
                return run;
            }
            Thread.sleep(200);
        }
    }

    static JsonNode stored(Path home, String id) {
        try {
            return JSON.readTree(ServiceProcess.runsDir(home).resolve(id).resolve("run.json").toFile()).get("run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ledger's entries still recorded. */
    static List<String> ledger(Path home) {
        return ServiceProcess.list(ServiceProcess.runsDir(home).resolve(".owned"));
    }
}
