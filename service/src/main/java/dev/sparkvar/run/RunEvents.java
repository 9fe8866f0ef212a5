package dev.sparkvar.run;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run's events as a replayable, broadcast Mutiny stream: any thread may emit, events are numbered in the order
 * they pass, every subscriber gets the kept history and then live events until the terminal one. A subscriber
 * that leaves does not disturb the others.
 * <p>
 * The history is bounded ({@link Bounds}): once {@code maxProgress} progress events are kept, a new one replaces the
 * newest kept progress instead of being appended; once {@code maxEvents} events are kept, a new event replaces the
 * newest kept one of the same name (one never seen before, such as the terminal event, is always appended). So a job
 * posting 100,000 progress reports leaves a history, and a {@code run.json}, of a bounded size. Live subscribers
 * still get every event as it passes.
 * <p>
 * Not Mutiny's replay operator: it keeps every item it ever saw. Deliveries go through one serial queue (whoever
 * finds it idle drains it), so each subscriber sees events in id order and no lock of ours is held while
 * subscribers run.
 */
final class RunEvents {

    /**
     * How much history a run keeps.
     *
     * @param maxEvents   events kept in all
     * @param maxProgress progress events kept; further ones replace the newest kept progress
     */
    record Bounds(int maxEvents, int maxProgress) {

        /** For runs made without configuration (tests): the defaults of {@link RunsConfig}. */
        static final Bounds DEFAULT = new Bounds(500, 100);

        Bounds {
            if (maxEvents < 1 || maxProgress < 1) {
                throw new IllegalArgumentException("event bounds must be positive: " + maxEvents + ", " + maxProgress);
            }
        }
    }

    /** Marks the end of the replayed events inside a subscriber's stream (never sent). */
    private static final RunEvent END = new RunEvent(-2, "end", Instant.EPOCH, Map.of());

    private final Bounds bounds;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final List<RunEvent> history = new ArrayList<>();
    /** Guarded by {@link #lock}. */
    private final List<MultiEmitter<? super RunEvent>> live = new ArrayList<>();
    /** Guarded by {@link #lock}. */
    private long lastId;
    /** Guarded by {@link #lock}. */
    private int progressKept;
    /** Guarded by {@link #lock}. */
    private boolean ended;

    /** Deliveries to subscribers, in the order they were decided under the lock; run outside it. */
    private final Queue<Runnable> deliveries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger draining = new AtomicInteger();

    /** Events that continue {@code past} (a restored run's, cut to the bounds), or start at 1. */
    RunEvents(List<RunEvent> past, Bounds bounds) {
        this.bounds = bounds;
        for (RunEvent event : past) {
            keep(event);
            lastId = event.id();
        }
    }

    RunEvents(List<RunEvent> past) {
        this(past, Bounds.DEFAULT);
    }

    /** Appends an event; ignored once the stream has ended. */
    void emit(String name, Map<String, Object> data) {
        synchronized (lock) {
            if (ended) {
                return;
            }
            RunEvent event = new RunEvent(++lastId, name, Instant.now(), data);
            keep(event);
            List<MultiEmitter<? super RunEvent>> to = List.copyOf(live);
            deliveries.add(() -> to.forEach(subscriber -> subscriber.emit(event)));
        }
        drain();
    }

    /** Ends the stream after the events emitted so far. */
    void end() {
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
            List<MultiEmitter<? super RunEvent>> to = List.copyOf(live);
            live.clear();
            deliveries.add(() -> to.forEach(MultiEmitter::complete));
        }
        drain();
    }

    /** Every kept event, then live ones, until the end. */
    Multi<RunEvent> all() {
        return Multi.createFrom().<RunEvent>emitter(this::subscribe, BackPressureStrategy.BUFFER);
    }

    private void subscribe(MultiEmitter<? super RunEvent> subscriber) {
        synchronized (lock) {
            List<RunEvent> replay = List.copyOf(history);
            boolean over = ended;
            if (!over) {
                live.add(subscriber);
                subscriber.onTermination(() -> {
                    synchronized (lock) {
                        live.remove(subscriber);
                    }
                });
            }
            // queued behind the deliveries decided so far, ahead of any later one: no gap, no duplicate
            deliveries.add(() -> {
                replay.forEach(subscriber::emit);
                if (over) {
                    subscriber.complete();
                }
            });
        }
        drain();
    }

    /**
     * The events after {@code afterId} (0 for all), then live ones until the end, with a heartbeat marker every
     * {@code heartbeat} so that the SSE writer sends comment lines while nothing happens.
     */
    Multi<RunEvent> after(long afterId, Duration heartbeat) {
        Multi<RunEvent> events = Multi.createBy().concatenating().streams(
                all().skip().where(e -> e.id() <= afterId), Multi.createFrom().item(END));
        Multi<RunEvent> beats = Multi.createFrom().ticks().every(heartbeat).onOverflow().drop()
                .map(tick -> RunEvent.HEARTBEAT);
        return Multi.createBy().merging().streams(events, beats).select().first(e -> e != END);
    }

    /** The kept events. */
    List<RunEvent> snapshot() {
        synchronized (lock) {
            return List.copyOf(history);
        }
    }

    long lastId() {
        synchronized (lock) {
            return lastId;
        }
    }

    /** Adds an event to the history within the bounds; under the lock. */
    private void keep(RunEvent event) {
        boolean progress = RunEvent.PROGRESS.equals(event.name());
        boolean replaced = false;
        if (progress && progressKept >= bounds.maxProgress()) {
            replaced = removeNewest(RunEvent.PROGRESS);
        } else if (history.size() >= bounds.maxEvents()) {
            replaced = removeNewest(event.name());
        }
        history.add(event);
        if (progress && !replaced) {
            progressKept++;
        }
    }

    private boolean removeNewest(String name) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).name().equals(name)) {
                history.remove(i);
                return true;
            }
        }
        return false;
    }

    /** Runs the queued deliveries unless another thread is at it (it then runs ours too). */
    private void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Runnable delivery;
            while ((delivery = deliveries.poll()) != null) {
                try {
                    delivery.run();
                } catch (RuntimeException e) {
                    Log.errorf(e, "a run event subscriber failed");
                }
            }
            missed = draining.addAndGet(-missed);
        } while (missed != 0);
    }
}
