package dev.sparkvar.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkvar.testing.ServiceProcess;
import dev.sparkvar.testing.ServiceProcess.Child;
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
 * The fault matrix for the warm pool (issue 19): a service killed (SIGKILL) while a slot waits ready leaves nothing
 * after its restart (the sweep stops the slot's master, worker, executor and standby job by PID; the slot's record
 * gets its cluster deleted); a service stopped (SIGTERM) with a ready slot leaves nothing either.
 */
class PoolKilledIT {

    static final Duration FILL = Duration.ofMinutes(8);
    static final Duration BOUND = Duration.ofSeconds(60);
    static final Set<String> SLOT = Set.of("master", "worker", "executor", "job");

    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<Child> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (ServiceProcess s : services) {
            s.close();
        }
        ServiceProcess.killLeftovers(started);
    }

    /**
     * The restarted service is ready only once the left slot's cluster is deleted (its pool check is DOWN meanwhile):
     * the record was once asserted on before the first pool check had run, and a service stopped that soon kept it.
     */
    @Test
    void aServiceKilledWithAWarmSlotLeavesNothingAfterItsRestart() throws Exception {
        Path home = freshHome("pool-killed");
        int port = ServiceProcess.freePort();
        ServiceProcess first = start(home, port, "service-1", "1");
        awaitReadySlot(first);
        List<Child> children = Faults.awaitRoles(first, SLOT, Duration.ofMinutes(1));
        started.addAll(children);
        Faults.assertAllMarked(children);
        assertTrue(!Faults.ledger(home).isEmpty(), "the slot is in the ledger");
        assertTrue(ServiceProcess.list(ServiceProcess.runsDir(home).resolve(".pool")).stream()
                        .anyMatch(p -> p.endsWith(".json")),
                "the slot's cluster is recorded");

        long fault = System.nanoTime();
        first.kill9();
        assertTrue(first.awaitExit(Duration.ofSeconds(10)).isPresent(), "kill -9 did not end the service");
        Map<String, Double> exits = Faults.watchExits(children, fault);
        ServiceProcess second = start(home, port, "service-2", "0");
        List<Child> left = awaitGone(children, BOUND);
        assertEquals(List.of(), left, "still alive " + BOUND.toSeconds() + " s after the restart");
        assertEquals(List.of(), ServiceProcess.list(ServiceProcess.workDir(home)), "cluster work folders left");
        assertEquals(List.of(), Faults.ledger(home), "the ledger still holds processes");
        assertEquals(List.of(), ServiceProcess.list(ServiceProcess.runsDir(home).resolve(".pool")),
                "the slot's record and folder are gone once the restarted service is ready:\n" + second.logTail(20));
        assertTrue(second.logTail(200).contains("warm pool: deleted cluster"), second.logTail(20));
        assertTrue(second.alive());
        System.out.printf("POOL kill -9 with a ready slot: %s; each one's end after the kill: %s (%.1f s in all)%n",
                Faults.describe(children), exits, seconds(fault));
    }

    @Test
    void aServiceStoppedWithAWarmSlotLeavesNothing() throws Exception {
        Path home = freshHome("pool-stopped");
        ServiceProcess service = start(home, ServiceProcess.freePort(), "service", "1");
        awaitReadySlot(service);
        List<Child> children = Faults.awaitRoles(service, SLOT, Duration.ofMinutes(1));
        started.addAll(children);
        long fault = System.nanoTime();
        service.term();
        assertTrue(service.awaitExit(Duration.ofSeconds(60)).isPresent(), "SIGTERM did not end the service");
        List<Child> left = awaitGone(children, Duration.ofSeconds(10));
        assertEquals(List.of(), left, "left after the service stopped");
        assertEquals(List.of(), ServiceProcess.list(ServiceProcess.workDir(home)), "cluster work folders left");
        assertEquals(List.of(), Faults.ledger(home), "the ledger still holds processes");
        System.out.printf("POOL SIGTERM with a ready slot: %s all gone %.1f s after the SIGTERM%n",
                Faults.describe(children), seconds(fault));
    }

    private ServiceProcess start(Path home, int port, String name, String poolSize) throws InterruptedException {
        ServiceProcess s = ServiceProcess.start(home, port, name, Map.of("sparkvar.pool.size", poolSize));
        services.add(s);
        return s.awaitReady(Duration.ofMinutes(2));
    }

    private static void awaitReadySlot(ServiceProcess service) throws Exception {
        long deadline = System.nanoTime() + FILL.toNanos();
        JsonNode pool = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode check : service.getJson("/q/health/ready").get("checks")) {
                if (check.get("name").asText().equals("pool")) {
                    pool = check.get("data");
                }
            }
            if (pool != null && pool.get("ready").asInt() == 1) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no ready slot within " + FILL + ": " + pool + "\n" + service.logTail(40));
    }
}
