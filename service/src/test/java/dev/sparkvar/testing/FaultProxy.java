package dev.sparkvar.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * An HTTP proxy on 127.0.0.1 in front of this service, for the fault tests: it forwards every request and, by
 * rule, answers some with an error instead, replies late, or forwards a request and drops the reply (as a cut
 * connection would). The service's oshinko client and the job's callbacks go through it, so that faults hit the
 * real code paths.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Set<String> HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "expect", "upgrade", "keep-alive");
    private static final String PORT_PROPERTY = "sparkvar.test.fault-proxy.port";
    private static volatile FaultProxy shared;

    private record Rule(String method, String path, AtomicInteger remaining, int status, Duration delay, boolean drop) {
        boolean matches(HttpExchange e) {
            return e.getRequestMethod().equals(method) && e.getRequestURI().getPath().contains(path);
        }
    }

    private final HttpServer server;
    // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on each new connection
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private volatile IntSupplier targetPort = () -> -1;

    private FaultProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), sharedPort()), 50);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try {
                handle(exchange);
            } catch (RuntimeException e) {
                // a proxy bug must show, not look like a cut connection
                System.err.println("FaultProxy: " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
                e.printStackTrace();
                reply(exchange, 502, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    /**
     * The port of the shared proxy, chosen once per test JVM and kept in a system property: a test profile (whose
     * {@code getConfigOverrides} puts it in the callback URL) sees this class through another class loader than the
     * application and the test instance, so a static field alone would give it a second proxy nobody arms.
     */
    public static int sharedPort() {
        synchronized (System.getProperties()) {
            String port = System.getProperty(PORT_PROPERTY);
            if (port == null) {
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = String.valueOf(probe.getLocalPort());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                System.setProperty(PORT_PROPERTY, port);
            }
            return Integer.parseInt(port);
        }
    }

    /** The proxy of this application's class loader, on {@link #sharedPort()}; closed with the application. */
    public static synchronized FaultProxy shared() {
        // the previous application's proxy may still be letting the port go: a bounded wait, not a second port
        for (int attempt = 1; shared == null; attempt++) {
            try {
                shared = new FaultProxy();
            } catch (BindException e) {
                if (attempt == 50) {
                    throw new IllegalStateException("port " + sharedPort() + " stays taken", e);
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where requests go: the service's own port, known once it listens. */
    public void target(IntSupplier port) {
        this.targetPort = port;
    }

    /** Answers the next {@code times} matching requests with {@code status} and oshinko's error body. */
    public void fail(String method, String path, int times, int status) {
        rules.add(new Rule(method, path, new AtomicInteger(times), status, Duration.ZERO, false));
    }

    /** Forwards the next matching request at once but replies only after {@code delay}. */
    public void delayReply(String method, String path, Duration delay) {
        rules.add(new Rule(method, path, new AtomicInteger(1), 0, delay, false));
    }

    /** Forwards the next matching request, then closes the connection without a reply. */
    public void dropReply(String method, String path) {
        rules.add(new Rule(method, path, new AtomicInteger(1), 0, Duration.ZERO, true));
    }

    /** How many requests with this method and path fragment came in (refused ones included). */
    public int seen(String method, String path) {
        return seen.entrySet().stream().filter(e -> e.getKey().startsWith(method + " ") && e.getKey().contains(path))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    public void reset() {
        rules.clear();
        seen.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        seen.computeIfAbsent(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                k -> new AtomicInteger()).incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Rule rule = rules.stream().filter(r -> r.matches(exchange) && r.remaining().getAndDecrement() > 0)
                .findFirst().orElse(null);
        if (rule != null && rule.status() > 0) {
            reply(exchange, rule.status(), "application/json", ("{\"errors\":[{\"status\":" + rule.status()
                    + ",\"title\":\"injected by the test\",\"details\":\"deletion may be incomplete: injected fault\"}]}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + targetPort.getAsInt()
                        + exchange.getRequestURI()))
                .timeout(Duration.ofMinutes(3))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP.contains(name.toLowerCase())) {
                values.forEach(v -> forward.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        } catch (IOException e) {
            reply(exchange, 502, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (rule != null && rule.drop()) {
            exchange.close(); // the request had its effect; its reply is lost
            return;
        }
        if (rule != null && !rule.delay().isZero()) {
            try {
                Thread.sleep(rule.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String type = response.headers().firstValue("Content-Type").orElse("application/json");
        response.headers().firstValue("Location").ifPresent(l -> exchange.getResponseHeaders().add("Location", l));
        reply(exchange, response.statusCode(), type, response.body());
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops the shared proxy (at application shutdown), so the next application can listen on its port. */
    public static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
