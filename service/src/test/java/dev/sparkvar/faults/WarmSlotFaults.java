package dev.sparkvar.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkvar.testing.ServiceProcess;
import dev.sparkvar.testing.ServiceProcess.Child;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * What the warm pool's fault tests share (issue 19): a service started as its own process with a pool size, a wait
 * for its slot to be ready, and the clean-up of every service and child process after each test. The two faults are
 * two classes so that failsafe's two forks run them side by side (each mostly waits for a slot to fill).
 */
abstract class WarmSlotFaults {

    static final Duration FILL = Duration.ofMinutes(8);
    static final Set<String> SLOT = Set.of("master", "worker", "executor", "job");

    private final List<ServiceProcess> services = new ArrayList<>();
    /** Every child process a test saw, for the clean-up by PID if an assertion failed before they were gone. */
    final List<Child> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (ServiceProcess s : services) {
            s.close();
        }
        ServiceProcess.killLeftovers(started);
    }

    ServiceProcess start(Path home, int port, String name, String poolSize) throws InterruptedException {
        ServiceProcess s = ServiceProcess.start(home, port, name, Map.of("sparkvar.pool.size", poolSize));
        services.add(s);
        return s.awaitReady(Duration.ofMinutes(2));
    }

    /** Waits for readiness' pool check to show one ready slot. */
    static void awaitReadySlot(ServiceProcess service) {
        AtomicReference<JsonNode> pool = new AtomicReference<>();
        try {
            await().atMost(FILL).pollInterval(Duration.ofMillis(500)).failFast(() -> !service.alive())
                    .until(() -> {
                        for (JsonNode check : service.getJson("/q/health/ready").get("checks")) {
                            if (check.get("name").asText().equals("pool")) {
                                pool.set(check.get("data"));
                            }
                        }
                        return pool.get() != null && pool.get().get("ready").asInt() == 1;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no ready slot within " + FILL + ": " + pool.get() + "\n" + service.logTail(40), e);
        }
    }
}
