package dev.sparkvar.run;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run's events as a replayable, broadcast Mutiny stream: any thread may emit (the input is serialized, so no
 * lock of ours is held while subscribers run), events are numbered in the order they pass, every subscriber gets
 * the whole history and then live events until the terminal one. The replay log is the history; a subscriber
 * that leaves does not disturb the others.
 */
final class RunEvents {

    /** Marks the end of the replayed events inside a subscriber's stream (never sent). */
    private static final RunEvent END = new RunEvent(-2, "end", Instant.EPOCH, Map.of());

    private record Draft(String name, Instant time, Map<String, Object> data) {
    }

    private final SerializedProcessor<Draft, Draft> input;
    private final List<RunEvent> history = new CopyOnWriteArrayList<>();
    private final Multi<RunEvent> replay;

    /** Events that continue {@code past} (a restored run's), or start at 1. */
    RunEvents(List<RunEvent> past) {
        history.addAll(past);
        AtomicLong next = new AtomicLong(past.isEmpty() ? 1 : past.get(past.size() - 1).id() + 1);
        UnicastProcessor<Draft> processor = UnicastProcessor.create();
        this.input = processor.serialized();
        Multi<RunEvent> numbered = processor.map(d -> {
            RunEvent event = new RunEvent(next.getAndIncrement(), d.name(), d.time(), d.data());
            history.add(event);
            return event;
        });
        this.replay = Multi.createBy().replaying().ofSeedAndMulti(past, numbered);
    }

    /** Appends an event; ignored once the stream has ended. */
    void emit(String name, Map<String, Object> data) {
        input.onNext(new Draft(name, Instant.now(), data));
    }

    /** Ends the stream after the events emitted so far. */
    void end() {
        input.onComplete();
    }

    /** Every event, past and live, until the end. */
    Multi<RunEvent> all() {
        return replay;
    }

    /**
     * The events after {@code afterId} (0 for all), then live ones until the end, with a heartbeat marker every
     * {@code heartbeat} so that the SSE writer sends comment lines while nothing happens.
     */
    Multi<RunEvent> after(long afterId, Duration heartbeat) {
        Multi<RunEvent> events = Multi.createBy().concatenating().streams(
                replay.skip().where(e -> e.id() <= afterId), Multi.createFrom().item(END));
        Multi<RunEvent> beats = Multi.createFrom().ticks().every(heartbeat).onOverflow().drop()
                .map(tick -> RunEvent.HEARTBEAT);
        return Multi.createBy().merging().streams(events, beats).select().first(e -> e != END);
    }

    /** The events that have passed so far. */
    List<RunEvent> snapshot() {
        return List.copyOf(history);
    }

    long lastId() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).id();
    }
}
