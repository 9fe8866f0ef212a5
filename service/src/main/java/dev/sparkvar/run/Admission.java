package dev.sparkvar.run;

import dev.sparkvar.pool.PoolCapacity;
import dev.sparkvar.problem.ProblemException;
import dev.sparkvar.problem.RetryLaterException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control: at most {@code max-running} runs hold a cluster (and a driver JVM) at once; the others wait in
 * a FIFO queue of at most {@code queue-size}, each told its 1-based position ({@code queued} event) whenever the
 * queue moves; beyond that a new run is refused with 429 before anything is created. Nothing here blocks: a run
 * waits on a {@link Uni} that completes when it is admitted, and a slot is handed on when its holder is released.
 * The bookkeeping is under this object's lock; events are emitted after it is released (each ticket's under its own
 * monitor, so that a run's positions only ever go down on its stream).
 */
@ApplicationScoped
public class Admission implements PoolCapacity {

    /** One run's place: a slot at once, or a place in the queue until {@link #admitted()} completes. */
    public final class Ticket {
        private final CompletableFuture<Void> admitted = new CompletableFuture<>();
        private volatile Run run;
        /** Guarded by the admission's lock. */
        private boolean holdsSlot;
        private boolean released;
        /** The position last told to the run; 0 once admitted (guarded by this ticket). */
        private int toldPosition = Integer.MAX_VALUE;

        private Ticket() {
        }

        /** Whether the run waits in the queue (else it holds a slot, or is over). */
        boolean isQueued() {
            return !admitted.isDone();
        }

        /**
         * Completes when the run may take a cluster. A fresh stage each call: a Uni made from it cancels the stage
         * it was given when it loses a race (a cancel), and that must not touch the ticket.
         */
        Uni<Void> admitted() {
            return Uni.createFrom().completionStage(() -> admitted.thenApply(ignored -> null));
        }

        private void admit() {
            synchronized (this) {
                toldPosition = 0; // no queued event after this one's admission
            }
            Run r = run;
            if (r != null) {
                r.queuePosition(null);
            }
            admitted.complete(null);
        }

        private void tell(int position) {
            synchronized (this) {
                Run r = run;
                if (r == null || position >= toldPosition) {
                    return;
                }
                toldPosition = position;
                r.queuePosition(position);
                r.emit(RunEvent.QUEUED, RunEvent.data("position", position));
            }
        }
    }

    private final int maxRunning;
    private final int queueSize;
    private final Duration expectedRunTime;
    private final Deque<Ticket> queue = new ArrayDeque<>();
    private final AtomicLong refused = new AtomicLong();
    private int running;
    private boolean closed;

    public Admission(AdmissionConfig config) {
        this.maxRunning = Math.max(1, RunCapacity.maxRunning(config));
        this.queueSize = Math.max(0, config.queueSize());
        this.expectedRunTime = config.expectedRunTime();
        Log.infof("admission: at most %d runs at once, %d waiting", maxRunning, queueSize);
    }

    /**
     * A place for a new run: a slot now if one is free and nobody waits, else the end of the queue.
     *
     * @throws RetryLaterException 429 when the queue is full (nothing is created for the run)
     */
    synchronized Ticket enter() {
        if (closed) {
            throw new ProblemException(503, "Service Unavailable", "the service is stopping");
        }
        Ticket ticket = new Ticket();
        if (running < maxRunning && queue.isEmpty()) {
            running++;
            ticket.holdsSlot = true;
            ticket.admitted.complete(null);
        } else if (queue.size() < queueSize) {
            queue.addLast(ticket);
        } else {
            refused.incrementAndGet();
            long seconds = (long) Math.ceil(queue.size() * (double) expectedRunTime.toSeconds() / maxRunning);
            throw new RetryLaterException(running + " runs are running and " + queue.size()
                    + " are waiting, the most this service takes; try again later", Duration.ofSeconds(seconds));
        }
        return ticket;
    }

    /**
     * A place for a run that takes a warm pool's slot: the slot's place ({@link #reserveForSlot()}) becomes the run's,
     * so nothing is counted twice.
     */
    synchronized Ticket enterWithSlot() {
        if (closed) {
            throw new ProblemException(503, "Service Unavailable", "the service is stopping");
        }
        Ticket ticket = new Ticket();
        ticket.holdsSlot = true;
        ticket.admitted.complete(null);
        return ticket;
    }

    @Override
    public synchronized boolean reserveForSlot() {
        if (closed || running >= maxRunning || !queue.isEmpty()) {
            return false;
        }
        running++;
        return true;
    }

    @Override
    public void releaseFromSlot() {
        Ticket place = new Ticket();
        synchronized (this) {
            place.holdsSlot = true; // the slot's place, released like a run's
        }
        release(place);
    }

    /** Binds the ticket to its run: a waiting run enters {@code QUEUED} and hears its position. */
    void attach(Ticket ticket, Run run) {
        int position;
        synchronized (this) {
            ticket.run = run;
            position = position(ticket);
        }
        if (position > 0) {
            run.enter(RunState.QUEUED);
            ticket.tell(position);
        }
    }

    /**
     * The run is over (or never started): its slot goes to the head of the queue, or its place in the queue is
     * given up; the runs behind hear their new position. Idempotent.
     */
    void release(Ticket ticket) {
        List<Ticket> admitted = new ArrayList<>();
        List<Ticket> waiting;
        synchronized (this) {
            if (ticket.released) {
                return;
            }
            ticket.released = true;
            if (ticket.holdsSlot) {
                ticket.holdsSlot = false;
                running--;
            } else {
                queue.remove(ticket);
            }
            while (!closed && running < maxRunning && !queue.isEmpty()) {
                Ticket next = queue.pollFirst();
                next.holdsSlot = true;
                running++;
                admitted.add(next);
            }
            waiting = List.copyOf(queue);
        }
        admitted.forEach(Ticket::admit);
        for (int i = 0; i < waiting.size(); i++) {
            waiting.get(i).tell(i + 1);
        }
    }

    /** Shutdown: nothing is admitted any more; waiting runs fail "service stopped". */
    void close() {
        List<Ticket> waiting;
        synchronized (this) {
            closed = true;
            waiting = List.copyOf(queue);
        }
        waiting.forEach(t -> t.admitted.completeExceptionally(new IllegalStateException("service stopped")));
    }

    /** Runs holding a slot now. */
    public synchronized int running() {
        return running;
    }

    /** Runs waiting in the queue now. */
    public synchronized int queued() {
        return queue.size();
    }

    public int maxRunning() {
        return maxRunning;
    }

    public int queueSize() {
        return queueSize;
    }

    /** Runs refused (429) since the start: the queue was full. */
    public long refused() {
        return refused.get();
    }

    /** 1-based place in the queue, 0 when not waiting. */
    private int position(Ticket ticket) {
        int i = 1;
        for (Ticket t : queue) {
            if (t == ticket) {
                return i;
            }
            i++;
        }
        return 0;
    }
}
