package dev.sparkvar.metrics;

import dev.sparkvar.cluster.WorkerCount;
import dev.sparkvar.cluster.WorkerWaitTimeoutException;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.http.HttpServer;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker-registration stream against a real HTTP server that answers Graphite's render JSON from a script
 * (the n-th query's reply), so that changes, timeout and cancellation can be driven exactly. The service's own
 * {@link GraphiteClient} asks it (a Quarkus test for its REST client, in the default profile's one boot).
 */
@QuarkusTest
class WorkerRegistrationTests {

    private static final Duration POLL = Duration.ofMillis(50);

    @Inject
    GraphiteClient graphite;

    /** The scripted Graphite's own Vert.x, apart from the service's. */
    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger queries = new AtomicInteger();
    private final Set<String> authorizations = ConcurrentHashMap.newKeySet();
    private volatile IntFunction<String> script = n -> "[]";
    private WorkerRegistration registration;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.getDelegate().createHttpServer().requestHandler(request -> {
            int n = queries.getAndIncrement();
            String authorization = request.getHeader("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            request.response().putHeader("Content-Type", "application/json").end(script.apply(n));
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String url = "http://127.0.0.1:" + server.actualPort();
        registration = new WorkerRegistration(graphite, cluster -> url, new WorkersConfig() {
            @Override
            public Duration pollInterval() {
                return POLL;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(30);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        vertx.closeAndAwait();
        assertEquals(Set.of(), authorizations, "a Graphite other than this service's own never gets its token");
    }

    private static String alive(Integer value) {
        return "[{\"target\":\"master.aliveWorkers\",\"tags\":{\"name\":\"master.aliveWorkers\"},\"datapoints\":[[null,1],["
                + value + ",2]]}]";
    }

    @Test
    void emitsEveryChangeThenCompletesAtDesired() {
        int[] values = {0, 0, 1, 1, 1, 2, 2};
        script = n -> n < 1 ? "[]" : alive(values[Math.min(n - 1, values.length - 1)]);
        AssertSubscriber<WorkerCount> sub = registration.watch("c", 2, POLL, Duration.ofSeconds(20))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        sub.awaitCompletion(Duration.ofSeconds(20));
        List<Integer> alive = sub.getItems().stream().map(WorkerCount::alive).toList();
        assertEquals(List.of(0, 1, 2), alive, "no data yet counts as 0; repeats are not emitted");
        assertTrue(sub.getItems().stream().allMatch(c -> c.desired() == 2));
        int after = queries.get();
        sleep(5 * POLL.toMillis());
        assertEquals(after, queries.get(), "no query after completion");
    }

    @Test
    void alreadyEnoughWorkersEmitsOnceAndCompletes() {
        script = n -> alive(3);
        AssertSubscriber<WorkerCount> sub = registration.watch("c", 2)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        sub.awaitCompletion(Duration.ofSeconds(10));
        assertEquals(1, sub.getItems().size());
        assertEquals(3, sub.getItems().get(0).alive());
    }

    @Test
    void timesOutWithAClearMessage() {
        script = n -> alive(1);
        AssertSubscriber<WorkerCount> sub = registration.watch("sally", 2, POLL, Duration.ofMillis(400))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        sub.awaitFailure(Duration.ofSeconds(10));
        Throwable failure = sub.getFailure();
        assertInstanceOf(WorkerWaitTimeoutException.class, failure);
        assertEquals("cluster sally: 1 of 2 workers registered after 400ms", failure.getMessage());
        assertEquals(List.of(1), sub.getItems().stream().map(WorkerCount::alive).toList());
    }

    @Test
    void timeoutNamesTheLastMetricsProblem() {
        script = n -> "<html>oops</html>";
        AssertSubscriber<WorkerCount> sub = registration.watch("sally", 1, POLL, Duration.ofMillis(300))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        sub.awaitFailure(Duration.ofSeconds(10));
        String message = sub.getFailure().getMessage();
        assertTrue(message.startsWith("cluster sally: 0 of 1 workers registered after 300ms (last metrics query: "
                + "Graphite's reply to "), message);
    }

    @Test
    void cancellingStopsPolling() {
        script = n -> alive(0);
        AssertSubscriber<WorkerCount> sub = registration.watch("c", 2, POLL, Duration.ofSeconds(30))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        sub.awaitItems(1, Duration.ofSeconds(10));
        sleep(3 * POLL.toMillis());
        sub.cancel();
        sleep(10 * POLL.toMillis()); // a query already in flight may still land, late on a busy machine
        int after = queries.get();
        sleep(6 * POLL.toMillis());
        assertEquals(after, queries.get(), "polling continued after cancel");
        assertTrue(after >= 2, "it was polling before the cancel: " + after);
    }

    @Test
    void malformedRenderReplyIsAGraphiteException() {
        script = n -> "{\"not\":\"a list\"}";
        GraphiteException e = assertThrows(GraphiteException.class, () -> graphite.latest(
                "http://127.0.0.1:" + server.actualPort(), "master.aliveWorkers").await().atMost(Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("is not a JSON list of series"), e.getMessage());
    }

    @Test
    void nullOnlySeriesIsNoData() {
        script = n -> "[{\"target\":\"x\",\"datapoints\":[[null,1],[null,2]]}]";
        assertEquals(Optional.empty(), graphite.latest("http://127.0.0.1:" + server.actualPort(), "x")
                .await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void negativeDesiredCountIsRefused() {
        AssertSubscriber<WorkerCount> sub = registration.watch("c", -1)
                .subscribe().withSubscriber(AssertSubscriber.create(1));
        sub.awaitFailure(Duration.ofSeconds(5));
        assertInstanceOf(IllegalArgumentException.class, sub.getFailure());
        assertEquals(0, queries.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
