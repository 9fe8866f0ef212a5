package dev.sparkvar.run;

import dev.sparkvar.problem.ProblemException;
import dev.sparkvar.problem.RetryLaterException;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The admission queue on its own: FIFO order, positions as it moves, the slot handed on, 429, shutdown. */
class AdmissionQueueTests {

    private final Admission admission = new Admission(config(1, 2));

    @Test
    void firstInFirstAdmittedPositionsMoveAndAFullQueueIsRefused() {
        Admission.Ticket first = admission.enter();
        admitted(first).assertCompleted(); // a free slot: admitted at once
        Run r1 = run("first000001");
        admission.attach(first, r1);
        assertEquals(RunState.ACCEPTED, r1.state(), "never queued");

        Admission.Ticket second = admission.enter();
        Admission.Ticket third = admission.enter();
        Run r2 = run("second00001");
        Run r3 = run("third000001");
        admission.attach(second, r2);
        admission.attach(third, r3);
        assertEquals(RunState.QUEUED, r2.state());
        assertEquals(1, r2.view().queuePosition());
        assertEquals(2, r3.view().queuePosition());
        admitted(second).assertNotTerminated();

        RetryLaterException full = assertThrows(RetryLaterException.class, admission::enter);
        assertEquals(429, full.status());
        assertEquals(Duration.ofSeconds(120), full.retryAfter(), "2 waiting x 60 s / 1 running");
        assertEquals(1, admission.running());
        assertEquals(2, admission.queued());

        admission.release(first);
        admission.release(first); // a second release (shutdown and the flow's end) frees nothing more
        admitted(second).assertCompleted(); // the head of the queue gets the slot
        assertNull(r2.view().queuePosition());
        assertEquals(1, r3.view().queuePosition(), "the next one moves up");
        assertEquals(List.of(2, 1), queuedPositions(r3), "each move told once, going down");
        assertEquals(1, admission.running());
        assertEquals(1, admission.queued());
    }

    @Test
    void aWaitingRunThatLeavesMovesTheOthersUpWithoutFreeingASlot() {
        Admission.Ticket holder = admission.enter();
        Admission.Ticket leaving = admission.enter();
        Admission.Ticket staying = admission.enter();
        admission.attach(leaving, run("leaving0001"));
        Run r = run("staying0001");
        admission.attach(staying, r);

        admission.release(leaving); // a queued run cancelled
        assertEquals(1, r.view().queuePosition());
        admitted(staying).assertNotTerminated(); // the slot is still held
        assertEquals(1, admission.running());

        admission.release(holder);
        admitted(staying).assertCompleted();
        admission.release(staying);
        assertEquals(0, admission.running());
        assertEquals(0, admission.queued());
    }

    @Test
    void atShutdownWaitingRunsFailAndNothingMoreIsAdmitted() {
        Admission.Ticket holder = admission.enter();
        Admission.Ticket waiting = admission.enter();
        admission.attach(waiting, run("waiting0001"));
        admission.close();
        UniAssertSubscriber<Void> failed = admitted(waiting);
        failed.assertFailedWith(IllegalStateException.class, "service stopped");
        admission.release(holder);
        assertEquals(0, admission.running(), "the slot freed, nobody admitted into it");
        ProblemException stopping = assertThrows(ProblemException.class, admission::enter);
        assertEquals(503, stopping.status());
    }

    private static UniAssertSubscriber<Void> admitted(Admission.Ticket ticket) {
        return ticket.admitted().subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    private static List<Integer> queuedPositions(Run run) {
        return run.stored().events().stream().filter(e -> e.name().equals(RunEvent.QUEUED))
                .map(e -> (Integer) e.data().get("position")).toList();
    }

    private static Run run(String id) {
        Run run = new Run(id, "token", null, Instant.now(), 10);
        run.events().subscribe().with(event -> { }); // as the registry does: the stream flows (and keeps its history)
        return run;
    }

    static AdmissionConfig config(int maxRunning, int queueSize) {
        return AdmissionSettings.of(Optional.of(maxRunning), queueSize);
    }
}
