package dev.sparkvar.faults;

import dev.sparkvar.testing.ServiceProcess;
import dev.sparkvar.testing.ServiceProcess.Child;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.sparkvar.faults.Faults.awaitGone;
import static dev.sparkvar.faults.Faults.freshHome;
import static dev.sparkvar.faults.Faults.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault matrix for the warm pool (issue 19): a service killed (SIGKILL) while a slot waits ready leaves nothing
 * after its restart (the sweep stops the slot's master, worker, executor and standby job by PID; the slot's record
 * gets its cluster deleted). {@link PoolStoppedIT} has the SIGTERM.
 */
class PoolKilledIT extends WarmSlotFaults {

    static final Duration BOUND = Duration.ofSeconds(60);

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
}
