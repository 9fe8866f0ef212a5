package dev.sparkvar.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many SSE subscribers on one stream, without a thread each: every subscriber's lines are read by the HTTP client's
 * own (non-blocking) line subscriber, and only what a fan-out check needs is kept: the ids and names each
 * received, in order, and per event the latest moment any subscriber got it (to measure event-to-last-delivery
 * against the event's {@code time}).
 */
public final class SseTally implements AutoCloseable {

    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");

    /** What one subscriber received, in order. */
    public static final class Subscriber implements Flow.Subscriber<String> {
        private final List<Long> ids = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        private final SseTally tally;
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long id = -1;
        private String name = "message";
        private String data;

        private Subscriber(SseTally tally) {
            this.tally = tally;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
            subscribed.complete(null);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (data != null && !data.isEmpty()) { // a heartbeat is a comment with empty data: no event
                    synchronized (this) {
                        ids.add(id);
                        names.add(name);
                    }
                    tally.delivered(id, data);
                }
                name = "message";
                data = null;
            } else if (line.startsWith("id:")) {
                id = Long.parseLong(line.substring(3).trim());
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data = line.substring(5);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            ended.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }

        public synchronized List<Long> ids() {
            return List.copyOf(ids);
        }

        public synchronized List<String> names() {
            return List.copyOf(names);
        }

        public boolean ended() {
            return ended.isDone() && !ended.isCompletedExceptionally();
        }

        void cancel() {
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }

    /** One event's delivery: when it happened (its {@code time}) and when its last subscriber got it. */
    public record Delivery(long id, Instant time, Instant last) {
        public Duration lag() {
            return Duration.between(time, last);
        }
    }

    private final HttpClient http;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
    private final Map<Long, Delivery> deliveries = new ConcurrentHashMap<>();

    private SseTally(HttpClient http) {
        this.http = http;
    }

    /** Opens {@code count} subscriptions to {@code uri}. */
    public static SseTally open(URI uri, int count) {
        SseTally tally = new SseTally(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build());
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("Authorization", TestAccess.authorization()).GET().build();
        for (int i = 0; i < count; i++) {
            Subscriber s = new Subscriber(tally);
            tally.subscribers.add(s);
            tally.responses.add(tally.http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(s)));
        }
        return tally;
    }

    private void delivered(long id, String data) {
        Instant now = Instant.now();
        deliveries.compute(id, (k, d) -> {
            if (d != null) {
                return now.isAfter(d.last()) ? new Delivery(id, d.time(), now) : d;
            }
            Matcher m = TIME.matcher(data);
            return new Delivery(id, m.find() ? Instant.parse(m.group(1)) : now, now);
        });
    }

    /**
     * Waits until every subscription's body has begun (the server answered and holds the stream open); the time
     * that took. (The response itself completes only with the body, at the stream's end.)
     */
    public Duration awaitConnected(Duration timeout) throws Exception {
        long start = System.nanoTime();
        CompletableFuture.allOf(subscribers.stream().map(s -> s.subscribed).toArray(CompletableFuture[]::new))
                .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The HTTP statuses, once every stream has ended. */
    public List<Integer> statuses() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<Void>> r : responses) {
            statuses.add(r.get(10, TimeUnit.SECONDS).statusCode());
        }
        return statuses;
    }

    /** Waits until every stream has ended (the server closes each after the terminal event). */
    public void awaitEnded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (subscribers.stream().anyMatch(s -> !s.ended()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long open = subscribers.stream().filter(s -> !s.ended()).count();
        if (open > 0) {
            throw new AssertionError(open + " of " + subscribers.size() + " streams did not end within " + timeout);
        }
    }

    public List<Subscriber> subscribers() {
        return List.copyOf(subscribers);
    }

    /** Each event's delivery, by id. */
    public List<Delivery> deliveries() {
        return deliveries.values().stream().sorted(java.util.Comparator.comparingLong(Delivery::id)).toList();
    }

    @Override
    public void close() {
        subscribers.forEach(Subscriber::cancel);
        responses.forEach(r -> r.cancel(true));
    }
}
