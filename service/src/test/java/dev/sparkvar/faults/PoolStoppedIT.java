package dev.sparkvar.faults;

import dev.sparkvar.testing.ServiceProcess;
import dev.sparkvar.testing.ServiceProcess.Child;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.sparkvar.faults.Faults.awaitGone;
import static dev.sparkvar.faults.Faults.freshHome;
import static dev.sparkvar.faults.Faults.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault matrix for the warm pool (issue 19): a service stopped (SIGTERM) with a ready slot leaves nothing. */
class PoolStoppedIT extends WarmSlotFaults {

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
}
