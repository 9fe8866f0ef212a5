package dev.sparkvar.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkvar.testing.ServiceProcess;
import dev.sparkvar.testing.ServiceProcess.Child;
import dev.sparkvar.testing.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.sparkvar.faults.Faults.awaitGone;
import static dev.sparkvar.faults.Faults.freshHome;
import static dev.sparkvar.faults.Faults.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault matrix, case 5 (issue 12): the service, as its own process, gets SIGTERM while a run is creating its cluster,
 * waiting for its workers, or running its job. The service exits within {@link #EXIT}; every process started for
 * the run is gone by then (checked by PID, {@link #AFTER_EXIT} of slack); no cluster folder and no ledger entry is
 * left; run.json holds FAILED "service stopped" with the cluster deleted (or the real final state, had the run ended
 * first). One service process per state.
 */
class ServiceStoppedIT {

    /** SIGTERM to exit: the job's stop grace (10 s) and the cluster's deletion (at most 20 s) fit in it. */
    static final Duration EXIT = Duration.ofSeconds(60);
    static final Duration AFTER_EXIT = Duration.ofSeconds(5);

    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<Child> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (ServiceProcess s : services) {
            s.close();
        }
        ServiceProcess.killLeftovers(started);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATING_CLUSTER", "WAITING_FOR_WORKERS", "RUNNING"})
    void sigtermStopsTheRunsProcessesDeletesItsClusterAndRecordsServiceStopped(String state) throws Exception {
        Path home = freshHome("service-stopped-" + state.toLowerCase());
        ServiceProcess service = ServiceProcess.start(home, ServiceProcess.freePort(), "service", Map.of());
        services.add(service);
        service.awaitReady(Duration.ofMinutes(2));

        String id = service.postRun("{\"simulations\": 3000000}");
        switch (state) {
            case "CREATING_CLUSTER" -> {
                // the create call is in flight: its master JVM is starting
                Faults.awaitRoles(service, Set.of("master"), Duration.ofMinutes(1));
                assertState(service, id, state);
            }
            // the job starts as soon as the master answers (issue 19): the workers register while the run is
            // already RUNNING, so the state of this moment is either
            case "WAITING_FOR_WORKERS" -> awaitState(service, id, Set.of(state, "RUNNING"), Duration.ofMinutes(2));
            case "RUNNING" -> {
                try (SseClient events = SseClient.get(service.uri("/runs/" + id + "/events"), Map.of())) {
                    events.await("job-started", Duration.ofMinutes(4));
                }
                Faults.awaitRoles(service, Set.of("master", "worker", "job", "executor"), Duration.ofMinutes(3));
                assertState(service, id, state);
            }
            default -> throw new IllegalArgumentException(state);
        }
        List<Child> children = service.children();
        started.addAll(children);
        Faults.assertAllMarked(children);

        long fault = System.nanoTime();
        service.term();
        Optional<Integer> exit = service.awaitExit(EXIT);
        double exited = seconds(fault);
        assertTrue(exit.isPresent(), "the service still runs " + EXIT.toSeconds() + " s after SIGTERM:\n"
                + service.logTail(30));
        // every process seen until the service exited, also those started after the SIGTERM
        children = service.children();
        started.addAll(children);
        List<Child> left = awaitGone(children, AFTER_EXIT);
        double lastGone = seconds(fault);
        assertEquals(List.of(), left, "alive " + AFTER_EXIT.toSeconds() + " s after the service exited");
        assertEquals(List.of(), ServiceProcess.list(ServiceProcess.workDir(home)), "cluster work folders left");
        assertEquals(List.of(), Faults.ledger(home), "the ledger still holds processes");

        JsonNode run = Faults.stored(home, id);
        String end = run.get("state").asText();
        if (!"COMPLETED".equals(end)) {
            assertEquals("FAILED", end, run.toString());
            assertEquals("service stopped", run.get("reason").asText(), run.toString());
        }
        assertTrue(run.get("cluster").get("deleted").asBoolean(), "cluster not deleted: " + run);

        System.out.printf("FAULT case 5 (SIGTERM while %s): %s; service exited %s at +%.1f s, last PID gone at"
                        + " +%.1f s (bounds: %d s to exit, %d s after); %s \"%s\", cluster deleted%n",
                state, Faults.describe(children), exit.get(),
                exited, lastGone, EXIT.toSeconds(), AFTER_EXIT.toSeconds(), end, run.path("reason").asText());
    }

    private static void awaitState(ServiceProcess service, String id, Set<String> states, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String now;
        while (!states.contains(now = service.getJson("/runs/" + id).get("state").asText())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + id + " still " + now + " after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static void assertState(ServiceProcess service, String id, String state) throws Exception {
        assertEquals(state, service.getJson("/runs/" + id).get("state").asText(), "the run moved on too soon");
    }
}
