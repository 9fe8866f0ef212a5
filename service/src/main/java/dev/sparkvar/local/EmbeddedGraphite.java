package dev.sparkvar.local;

import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.problem.LogSafe;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.parsetools.RecordParser;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A per-cluster stand-in for the Graphite + Carbon sidecars of oshinko's master pod: a carbon plaintext TCP
 * receiver on 127.0.0.1 and a bounded window of recent points, read through {@link GraphiteRenderResource}.
 * One receiver per cluster, so that two clusters' {@code master.aliveWorkers} never mix.
 */
@ApplicationScoped
public class EmbeddedGraphite {

    /** Path under this service where the render API of cluster {@code c} is served: {@code PATH/c/render}. */
    public static final String PATH = "/local-graphite";

    private static final int MAX_LINE = 4096;

    private final Vertx vertx;
    private final LocalConfig config;
    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();

    public EmbeddedGraphite(Vertx vertx, LocalConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    private record Receiver(NetServer server, MetricWindow window, HostAndPort address) {
    }

    /** Starts the cluster's carbon receiver on a free port; blocking (call it off the event loop). */
    public HostAndPort start(String cluster) {
        MetricWindow window = new MetricWindow(config.graphite().window(), config.graphite().maxPointsPerMetric(),
                config.graphite().maxMetrics());
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
        server.connectHandler(socket -> {
            RecordParser lines = RecordParser.newDelimited("\n", line -> accept(cluster, window, line));
            lines.maxRecordSize(MAX_LINE);
            lines.exceptionHandler(e -> {
                Log.debugf("carbon %s: dropping connection: %s", cluster, e.getMessage());
                socket.close();
            });
            socket.handler(lines);
        });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("cannot start the carbon receiver of cluster " + cluster + ": " + e, e);
        }
        HostAndPort address = new HostAndPort("127.0.0.1", server.actualPort());
        Receiver previous = receivers.put(cluster, new Receiver(server, window, address));
        if (previous != null) {
            close(cluster, previous);
        }
        Log.debugf("carbon receiver of cluster %s listens on %s", cluster, address);
        return address;
    }

    /** Stops the cluster's receiver and forgets its points; blocking, idempotent. */
    public void stop(String cluster) {
        Receiver receiver = receivers.remove(cluster);
        if (receiver != null) {
            close(cluster, receiver);
        }
    }

    private static void close(String cluster, Receiver receiver) {
        try {
            receiver.server().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.warnf("carbon receiver of cluster %s did not close cleanly: %s", cluster, e.toString());
        }
    }

    /** The cluster's carbon address, if it has a receiver. */
    public Optional<HostAndPort> carbonAddress(String cluster) {
        return Optional.ofNullable(receivers.get(cluster)).map(Receiver::address);
    }

    /** Points of the metrics matching {@code target}, by name; empty if the cluster has no receiver. */
    Optional<Map<String, List<MetricWindow.Point>>> query(String cluster, GraphiteGlob target, long from, long until) {
        return Optional.ofNullable(receivers.get(cluster)).map(r -> r.window().query(target, from, until));
    }

    /** Metric names of the cluster, if it has a receiver. */
    Optional<List<String>> names(String cluster) {
        return Optional.ofNullable(receivers.get(cluster)).map(r -> r.window().names());
    }

    /** The configured window, for the render API's default range. */
    Duration window() {
        return config.graphite().window();
    }

    /** Carbon's plaintext protocol: {@code <metric> <value> <timestamp>}; bad lines are skipped. */
    private static void accept(String cluster, MetricWindow window, Buffer raw) {
        String line = raw.toString().trim();
        if (line.isEmpty()) {
            return;
        }
        String[] parts = line.split("\\s+");
        if (parts.length != 3) {
            Log.debugf("carbon %s: skipping malformed line '%s'", cluster, LogSafe.of(line));
            return;
        }
        try {
            double value = Double.parseDouble(parts[1]);
            long timestamp = (long) Double.parseDouble(parts[2]);
            if (Double.isFinite(value) && !window.add(parts[0], value, timestamp)) {
                Log.debugf("carbon %s: too many metrics, dropping %s", cluster, LogSafe.of(parts[0]));
            }
        } catch (NumberFormatException e) {
            Log.debugf("carbon %s: skipping line with a bad number '%s'", cluster, LogSafe.of(line));
        }
    }
}
