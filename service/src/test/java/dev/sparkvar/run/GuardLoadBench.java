package dev.sparkvar.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.testing.ServiceProcess;
import dev.sparkvar.testing.SseTally;
import dev.sparkvar.testing.TestAccess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Benchmark, not a test (its name keeps it out of {@code ./mvnw test}): the load on the service as its own
 * process (the packaged jar, default admission settings, ephemeral local clusters), so that its RSS is its own.
 * <ol>
 * <li>{@code bench.subscribers} (1,000) SSE subscribers on one run: each gets every event once, in order; the time
 * from an event to its last delivery (median, worst, over the events after all had connected); the service's RSS
 * before, during (highest) and after.</li>
 * <li>{@code bench.posts} (20) concurrent {@code POST /runs}: how many ran at once, queued, got 429; each admitted
 * run's end state; {@code GET /runs} latency (median, worst) every 250 ms throughout; processes the service started
 * that are still alive at the end.</li>
 * </ol>
 * Run: {@code service/bench/guard-load.sh} (packages the service first), or {@link #main} with the test classpath.
 */
class GuardLoadBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final String RUN = "{\"simulations\": 2000, \"horizonDays\": 2, \"seed\": 5}";
    private static final Duration RUN_END = Duration.ofMinutes(20);

    public static void main(String[] args) throws Exception {
        new GuardLoadBench().guardLoad();
    }

    @Test
    void guardLoad() throws Exception {
        int subscribers = Integer.getInteger("bench.subscribers", 1000);
        int posts = Integer.getInteger("bench.posts", 20);
        Path home = Path.of("target/guard-load").toAbsolutePath();
        deleteTree(home);
        ServiceProcess service = ServiceProcess.start(home, ServiceProcess.freePort(), "service",
                Map.of("quarkus.log.category.\"dev.sparkvar\".level", "INFO"));
        try {
            service.awaitReady(Duration.ofMinutes(3));
            JsonNode admission = admission(service);
            System.out.printf(Locale.ROOT, "%nservice pid %d, admission %s%n", service.pid(), admission);
            fanOut(service, subscribers);
            concurrentPosts(service, posts);
        } finally {
            List<ServiceProcess.Child> children = service.children();
            service.close();
            ServiceProcess.killLeftovers(children);
        }
    }

    private void fanOut(ServiceProcess service, int count) throws Exception {
        long rssBefore = rssKiB(service.pid());
        String id = service.postRun(RUN);
        long maxRss = rssBefore;
        try (SseTally tally = SseTally.open(service.uri("/runs/" + id + "/events"), count)) {
            Duration connect = tally.awaitConnected(Duration.ofMinutes(2));
            Instant connected = Instant.now();
            long deadline = System.nanoTime() + RUN_END.toNanos();
            while (tally.subscribers().stream().anyMatch(s -> !s.ended()) && System.nanoTime() < deadline) {
                maxRss = Math.max(maxRss, rssKiB(service.pid()));
                Thread.sleep(200);
            }
            tally.awaitEnded(Duration.ofSeconds(1));
            long duringEnd = rssKiB(service.pid());
            JsonNode run = service.getJson("/runs/" + id);
            long last = run.get("lastEventId").asLong();
            List<Long> every = LongStream.rangeClosed(1, last).boxed().toList();
            long complete = tally.subscribers().stream().filter(s -> s.ids().equals(every)).count();
            List<Long> lagsMs = tally.deliveries().stream().filter(d -> d.time().isAfter(connected))
                    .map(d -> d.lag().toMillis()).sorted().toList();
            System.out.printf(Locale.ROOT, "%n%d SSE subscribers on run %s (%s, %d events): all connected in %.1f s; "
                            + "%d of %d received every event once, in order%n", count, id, run.get("state").asText(), last,
                    connect.toMillis() / 1000.0, complete, count);
            System.out.printf(Locale.ROOT, "event -> last delivery over %d live events: median %d ms, worst %d ms%n",
                    lagsMs.size(), median(lagsMs), lagsMs.isEmpty() ? 0 : lagsMs.get(lagsMs.size() - 1));
            Thread.sleep(5000);
            System.out.printf(Locale.ROOT, "service RSS: before %d MiB, during (highest) %d MiB, at the end %d MiB, "
                            + "5 s after the streams closed %d MiB%n", rssBefore / 1024, maxRss / 1024, duringEnd / 1024,
                    rssKiB(service.pid()) / 1024);
            assertEquals(count, complete, "every subscriber got every event once, in order");
        }
    }

    private void concurrentPosts(ServiceProcess service, int count) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> poll(service, latencies, polling), "bench-get-runs");
        poller.setDaemon(true);
        poller.start();
        HttpRequest post = HttpRequest.newBuilder(service.uri("/runs")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", TestAccess.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(RUN)).build();
        Instant start = Instant.now();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(HTTP.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
        }
        List<String> accepted = new ArrayList<>();
        int ran = 0;
        int queued = 0;
        int refused = 0;
        String retryAfter = "";
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.get(2, TimeUnit.MINUTES);
            if (r.statusCode() == 429) {
                refused++;
                retryAfter = r.headers().firstValue("Retry-After").orElse("(none)");
                continue;
            }
            JsonNode body = JSON.readTree(r.body());
            accepted.add(body.get("id").asText());
            if (body.get("state").asText().equals("QUEUED")) {
                queued++;
            } else {
                ran++;
            }
        }
        Map<String, Integer> ends = new TreeMap<>();
        long deadline = System.nanoTime() + RUN_END.toNanos();
        for (String id : accepted) {
            JsonNode run = service.getJson("/runs/" + id);
            while (!isFinal(run.get("state").asText()) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                run = service.getJson("/runs/" + id);
            }
            String end = run.get("state").asText() + (run.has("reason") ? " (" + run.get("reason").asText() + ")" : "");
            ends.merge(end, 1, Integer::sum);
        }
        double wall = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        polling.set(false);
        poller.join(30_000);
        // every process the service started (masters, workers, executors, jobs) is gone once the runs are over
        Thread.sleep(2000);
        List<ServiceProcess.Child> left = service.children().stream().filter(ServiceProcess.Child::alive).toList();
        List<Long> sorted = latencies.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%n%d concurrent POST /runs: %d ran at once, %d queued, %d got 429 "
                + "(Retry-After %s s); all over in %.0f s: %s%n", count, ran, queued, refused, retryAfter, wall, ends);
        System.out.printf(Locale.ROOT, "GET /runs throughout (%d calls): median %d ms, worst %d ms%n", sorted.size(),
                median(sorted), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
        System.out.printf(Locale.ROOT, "processes the service started: %d, still alive: %s%n",
                service.children().size(), left);
        assertTrue(left.isEmpty(), "processes left: " + left);
        assertEquals(Map.of("COMPLETED", accepted.size()), ends);
    }

    private static void poll(ServiceProcess service, List<Long> latencies, AtomicBoolean polling) {
        while (polling.get()) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = service.get("/runs");
                latencies.add(r.statusCode() == 200 ? (System.nanoTime() - start) / 1_000_000 : Long.MAX_VALUE);
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                latencies.add(Long.MAX_VALUE);
            }
        }
    }

    private static JsonNode admission(ServiceProcess service) throws Exception {
        for (JsonNode check : service.getJson("/q/health/ready").get("checks")) {
            if (check.get("name").asText().equals("admission")) {
                return check.get("data");
            }
        }
        return null;
    }

    private static boolean isFinal(String state) {
        return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED");
    }

    private static long median(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    /** VmRSS of a process, KiB (Linux). */
    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
