package dev.sparkvar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A minimal SSE reader for tests: parses {@code id:}, {@code event:}, {@code data:} and comment lines. */
public final class SseClient implements AutoCloseable {

    /** One dispatched event. */
    public record Event(long id, String name, JsonNode data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile boolean ended;

    private SseClient(HttpRequest request) {
        response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            Thread reader = new Thread(() -> read(r.body()), "test-sse-reader");
            reader.setDaemon(true);
            reader.start();
        });
    }

    public static SseClient get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase(TestAccess.ANONYMOUS)) {
                request.header(name, value);
            }
        });
        boolean ownCredential = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Authorization")
                || name.equalsIgnoreCase("Cookie") || name.equalsIgnoreCase(TestAccess.ANONYMOUS));
        if (!ownCredential) {
            request.header("Authorization", TestAccess.authorization()); // as RestAssured's requests (TestAccess)
        }
        return new SseClient(request.build());
    }

    public static SseClient post(URI uri, String body) {
        return new SseClient(HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .header("Content-Type", "application/json")
                .header("Authorization", TestAccess.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public int status() throws Exception {
        return response.get(30, TimeUnit.SECONDS).statusCode();
    }

    public String contentType() throws Exception {
        return response.get(30, TimeUnit.SECONDS).headers().firstValue("Content-Type").orElse("");
    }

    /**
     * The next event matching {@code wanted}, skipping others; fails after {@code timeout}, or at once when the stream
     * has ended without it (a run that failed instead: no need to wait out the timeout).
     */
    public Event await(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            boolean endedBefore = ended;
            Event e = queue.poll(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))), TimeUnit.NANOSECONDS);
            if (e == null && endedBefore) {
                throw new AssertionError("the stream ended without a matching event; seen: " + names());
            }
            if (e == null && left <= 0) {
                throw new AssertionError("no matching event within " + timeout + "; seen: " + names());
            }
            if (e == null) {
                continue;
            }
            if (wanted.test(e)) {
                return e;
            }
        }
    }

    public Event await(String name, Duration timeout) throws InterruptedException {
        return await(e -> e.name().equals(name), timeout);
    }

    /** Waits until the stream ends (the server closes it after the terminal event). */
    public List<Event> awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!ended) {
            throw new AssertionError("stream did not end within " + timeout + "; seen: " + names());
        }
        return all();
    }

    public synchronized List<Event> all() {
        return List.copyOf(seen);
    }

    public synchronized List<String> comments() {
        return List.copyOf(comments);
    }

    public synchronized List<String> names() {
        return seen.stream().map(Event::name).toList();
    }

    public boolean ended() {
        return ended;
    }

    private void read(Stream<String> lines) {
        long id = -1;
        String name = "message";
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        dispatch(new Event(id, name, JSON.readTree(data.toString())));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    synchronized (this) {
                        comments.add(line.substring(1));
                    }
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // stream closed
        } finally {
            ended = true;
        }
    }

    private synchronized void dispatch(Event e) {
        seen.add(e);
        queue.add(e);
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
