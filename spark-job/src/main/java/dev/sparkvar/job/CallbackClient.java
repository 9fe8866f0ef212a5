package dev.sparkvar.job;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts progress, result and error JSON to {@code <base>/progress}, {@code /result} and {@code /error}
 * with a bearer token. Progress and error posts are best-effort; the result post is retried.
 */
public final class CallbackClient {
    private static final int MAX_IN_FLIGHT = 4;
    private static final int RESULT_ATTEMPTS = 3;

    private final String base;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final AtomicInteger inFlight = new AtomicInteger();

    public CallbackClient(String base, String token) {
        this(base, token, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    CallbackClient(String base, String token, Duration connectTimeout, Duration requestTimeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** Fire-and-forget; skipped while {@value #MAX_IN_FLIGHT} posts are still pending (slow receiver). */
    public void progressAsync(String json) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return;
        }
        http.sendAsync(request("/progress", json, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> inFlight.decrementAndGet());
    }

    /** Posts the result, up to {@value #RESULT_ATTEMPTS} attempts; throws when every attempt failed. */
    public void postResult(String json) throws IOException {
        String last = "";
        for (int attempt = 1; attempt <= RESULT_ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> r = http.send(request("/result", json, requestTimeout),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while posting the result", e);
            }
            if (attempt < RESULT_ATTEMPTS) {
                sleep(500L * attempt);
            }
        }
        throw new IOException("result callback " + base + "/result failed after " + RESULT_ATTEMPTS
                + " attempts: " + last);
    }

    /** Best-effort, one attempt, bounded wait. */
    public void postError(String json) {
        try {
            http.send(request("/error", json, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // best-effort: the error is already on stdout and stderr
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest request(String path, String json, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
