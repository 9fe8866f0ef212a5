package dev.sparkvar.metrics;

import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@link GraphiteClient} must do against any Graphite: real Graphite ({@link RealGraphiteClientTests}) and
 * the embedded one ({@link EmbeddedGraphiteClientTests}) run the same checks.
 */
abstract class GraphiteClientContract {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    GraphiteClient client;

    /** Base URL of the render API under test. */
    abstract String metricsUrl();

    /** Carbon plaintext port of the Graphite under test. */
    abstract int carbonPort();

    /** A base URL on the same server whose render API answers 404. */
    abstract String missingMetricsUrl();

    private final String prefix = "t" + System.nanoTime();

    void send(String... lines) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), carbonPort());
             OutputStream out = socket.getOutputStream()) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void latestIsTheNewestNonNullValue() throws IOException {
        String metric = prefix + ".master.aliveWorkers";
        long t = now();
        send(metric + " 1 " + (t - 3), metric + " 2 " + (t - 1));
        await().atMost(WAIT).until(() -> client.latest(metricsUrl(), metric).await().atMost(WAIT).isPresent());
        await().atMost(WAIT).untilAsserted(() ->
                assertEquals(Optional.of(2.0), client.latest(metricsUrl(), metric).await().atMost(WAIT)));
    }

    @Test
    void sumLatestAddsEverySeriesLatestValue() throws IOException {
        String wildcard = prefix + ".*.driver.ExecutorAllocationManager.executors.numberTargetExecutors";
        long t = now();
        send(wildcard.replace("*", "app-1") + " 5 " + (t - 3),
                wildcard.replace("*", "app-1") + " 3 " + (t - 1),
                wildcard.replace("*", "app-2") + " 4 " + (t - 1),
                prefix + ".app-3.driver.other 100 " + (t - 1));
        await().atMost(WAIT).untilAsserted(() ->
                assertEquals(Optional.of(7.0), client.sumLatest(metricsUrl(), wildcard).await().atMost(WAIT)));
    }

    @Test
    void unknownMetricIsNoDataYet() {
        assertEquals(Optional.empty(), client.latest(metricsUrl(), prefix + ".never.sent").await().atMost(WAIT));
        assertEquals(Optional.empty(), client.sumLatest(metricsUrl(), prefix + ".*.never").await().atMost(WAIT));
    }

    @Test
    void pointsOlderThanAMinuteAreNoDataYet() throws IOException {
        String old = prefix + ".old.gauge";
        String fresh = prefix + ".fresh.gauge";
        long t = now();
        send(old + " 9 " + (t - 300), fresh + " 1 " + (t - 1));
        // once the fresh point is visible the old one has been processed too
        await().atMost(WAIT).until(() -> client.latest(metricsUrl(), fresh).await().atMost(WAIT).isPresent());
        assertEquals(Optional.empty(), client.latest(metricsUrl(), old).await().atMost(WAIT));
    }

    @Test
    void refusedConnectionIsNoDataYet() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals(Optional.empty(), client.latest("http://127.0.0.1:" + closed, "master.aliveWorkers").await().atMost(WAIT));
    }

    @Test
    void notFoundIsNoDataYet() {
        assertEquals(Optional.empty(), client.latest(missingMetricsUrl(), "master.aliveWorkers").await().atMost(WAIT));
    }
}
