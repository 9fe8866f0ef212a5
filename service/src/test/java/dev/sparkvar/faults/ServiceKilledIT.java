package dev.sparkvar.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkvar.testing.ServiceProcess;
import dev.sparkvar.testing.ServiceProcess.Child;
import dev.sparkvar.testing.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sparkvar.faults.Faults.awaitGone;
import static dev.sparkvar.faults.Faults.freshHome;
import static dev.sparkvar.faults.Faults.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault matrix, case 4 (issue 12): the service is killed with SIGKILL while the job runs, then started again on the
 * same data folder. The orphans (master, worker, executor, job JVM) must all be gone within {@link #BOUND} of the
 * restart, checked by PID; no cluster work folder is left; the run's record (API and run.json) says FAILED "service
 * restarted"; its cluster ends deleted by the reaper, and its stream ends with {@code cluster-deleted}. This replaces
 * the old restart test that took the local backend's 404 for proof of deletion.
 */
class ServiceKilledIT {

    /** Restart to the last PID gone: the "within a minute". */
    static final Duration BOUND = Duration.ofSeconds(60);

    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<Child> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (ServiceProcess s : services) {
            s.close();
        }
        ServiceProcess.killLeftovers(started); // only after a failure: the test asserted they are gone
    }

    @Test
    void killedServiceLeavesNoProcessNoFolderAndARecordThatSaysSoAfterItsRestart() throws Exception {
        Path home = freshHome("service-killed");
        int port = ServiceProcess.freePort();
        ServiceProcess first = start(home, port, "service-1");

        String id = first.postRun("{\"simulations\": 3000000}");
        try (SseClient events = SseClient.get(first.uri("/runs/" + id + "/events"), Map.of())) {
            events.await("job-started", Duration.ofMinutes(4));
            events.await("progress", Duration.ofMinutes(3));
        }
        List<Child> children = Faults.awaitRoles(first, Set.of("master", "worker", "executor", "job"),
                Duration.ofMinutes(3));
        started.addAll(children);
        Faults.assertAllMarked(children);
        JsonNode running = first.getJson("/runs/" + id);
        assertEquals("RUNNING", running.get("state").asText(), running.toString());
        String cluster = running.get("cluster").get("name").asText();

        // the daemons as they are at the kill (a process seen earlier that has ended on its own is not one of them)
        List<Child> daemons = children.stream().filter(c -> Set.of("master", "worker").contains(c.role()))
                .filter(Child::alive).toList();
        long fault = System.nanoTime();
        first.kill9();
        assertTrue(first.awaitExit(Duration.ofSeconds(10)).isPresent(), "kill -9 did not end the service");
        // the orphan situation: nothing but the sweep stops the daemons; the job may already be ending itself
        List<Child> aliveAfterKill = children.stream().filter(Child::alive).toList();
        assertTrue(aliveAfterKill.containsAll(daemons), "daemons gone before any restart: " + daemons
                + " of which alive: " + aliveAfterKill + "; every process seen: " + children);
        Map<String, Double> exits = Faults.watchExits(children, fault);

        double restart = seconds(fault);
        long restartNanos = System.nanoTime();
        ServiceProcess second = start(home, port, "service-2");
        double ready = seconds(fault);
        List<Child> left = awaitGone(children, BOUND.minusNanos(System.nanoTime() - restartNanos));
        assertEquals(List.of(), left, "still alive " + BOUND.toSeconds() + " s after the restart");
        Thread.sleep(200); // the exit callbacks
        double lastGone = exits.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        assertEquals(List.of(), ServiceProcess.list(ServiceProcess.workDir(home)), "cluster work folders left");

        // the record: failed because of the restart, the cluster deleted by the reaper, the stream ended with it
        try (SseClient events = SseClient.get(second.uri("/runs/" + id + "/events"), Map.of())) {
            List<SseClient.Event> all = events.awaitEnd(Duration.ofMinutes(1));
            List<String> names = all.stream().map(SseClient.Event::name).toList();
            assertEquals("cluster-deleted", names.get(names.size() - 1), names.toString());
            SseClient.Event failed = all.stream().filter(e -> e.name().equals("failed")).findFirst()
                    .orElseThrow(() -> new AssertionError("no failed event: " + names));
            assertEquals("service restarted", failed.data().get("reason").asText());
        }
        double deletedAt = seconds(fault);
        JsonNode run = second.getJson("/runs/" + id);
        assertEquals("FAILED", run.get("state").asText(), run.toString());
        assertEquals("service restarted", run.get("reason").asText());
        assertEquals(cluster, run.get("cluster").get("name").asText());
        assertTrue(run.get("cluster").get("deleted").asBoolean(), run.toString());
        JsonNode stored = Faults.awaitStored(home, id, r -> r.get("cluster").get("deleted").asBoolean(),
                Duration.ofSeconds(10));
        assertEquals("FAILED", stored.get("state").asText());
        assertEquals("service restarted", stored.get("reason").asText());
        assertEquals(List.of(), Faults.ledger(home), "the ledger still holds processes");

        System.out.printf("FAULT case 4 (kill -9 while RUNNING): %s; service started again at +%.1f s (ready at"
                        + " +%.1f s), last PID gone at +%.1f s (bound: %d s after the restart); each one's end: %s;"
                        + " %s \"%s\", cluster-deleted at +%.1f s%n",
                Faults.describe(children),
                restart, ready, lastGone, BOUND.toSeconds(), exits, stored.get("state").asText(),
                stored.get("reason").asText(), deletedAt);
    }

    private ServiceProcess start(Path home, int port, String name) throws InterruptedException {
        ServiceProcess s = ServiceProcess.start(home, port, name, Map.of());
        services.add(s);
        return s.awaitReady(Duration.ofMinutes(2));
    }
}
