package dev.sparkvar.job;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import dev.sparkvar.jobapi.JobError;
import dev.sparkvar.jobapi.JobEvents;
import dev.sparkvar.jobapi.ProgressReport;

/**
 * Posts progress, result and error JSON to {@code <base>/progress}, {@code /result} and {@code /error}
 * ({@link JobEvents}) with a bearer token: the same objects as the stdout lines ({@link EventLine}). Progress posts
 * go one at a time, in order, and coalesce within a phase (a slow receiver gets each phase's newest report, never a
 * stale one after a fresh one, and never loses a phase: the backtest's phase lasts milliseconds, and a page that
 * shows phases must still see it); they are best-effort, and delivered before the result or error. At most one
 * report per phase waits, so the queue is bounded by the number of phases.
 * The result post is retried.
 */
public final class CallbackClient {
    private static final int RESULT_ATTEMPTS = 3;
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

    private final String base;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Object lock = new Object();
    /** Reports waiting to be sent, at most one per phase, oldest first. */
    private final Deque<ProgressReport> pendingProgress = new ArrayDeque<>();
    private boolean sending;

    public CallbackClient(String base, String token) {
        this(base, token, Shared.HTTP, Duration.ofSeconds(30));
    }

    CallbackClient(String base, String token, Duration connectTimeout, Duration requestTimeout) {
        this(base, token, HttpClient.newBuilder().connectTimeout(connectTimeout).build(), requestTimeout);
    }

    private CallbackClient(String base, String token, HttpClient http, Duration requestTimeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.http = http;
    }

    /**
     * One HTTP client for the JVM, made once: a client's construction sets up the JDK's TLS context (its providers
     * and the CA store: a fraction of a second in a cold JVM), which a warm pool's standby job pays in its warm-up
     * rather than in its run (StandbyJob).
     */
    private static final class Shared {
        static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Fire-and-forget: queued behind the post in flight, replacing a report of the same phase still waiting. */
    public void progressAsync(ProgressReport report) {
        synchronized (lock) {
            ProgressReport last = pendingProgress.peekLast();
            if (last != null && last.phase().equals(report.phase())) {
                pendingProgress.pollLast();
            }
            pendingProgress.addLast(report);
            if (sending) {
                return;
            }
            sending = true;
        }
        sendNextProgress();
    }

    private void sendNextProgress() {
        ProgressReport next;
        synchronized (lock) {
            next = pendingProgress.pollFirst();
            if (next == null) {
                sending = false;
                lock.notifyAll();
                return;
            }
        }
        http.sendAsync(request(JobEvents.PROGRESS_PATH, EventLine.progress(next), Duration.ofSeconds(5)),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> sendNextProgress());
    }

    /** Waits (bounded) until every queued progress report has been sent, so the result never overtakes them. */
    void flushProgress() {
        long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
        synchronized (lock) {
            while (sending) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Posts the result document, up to {@value #RESULT_ATTEMPTS} attempts; throws when every attempt failed.
     * The service reads its {@link dev.sparkvar.jobapi.JobResult} figures and keeps the whole document.
     */
    public void postResult(String json) throws IOException {
        flushProgress();
        String last = "";
        for (int attempt = 1; attempt <= RESULT_ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> r = http.send(request(JobEvents.RESULT_PATH, json, requestTimeout),
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
        throw new IOException("result callback " + base + JobEvents.RESULT_PATH + " failed after " + RESULT_ATTEMPTS
                + " attempts: " + last);
    }

    /** Best-effort, one attempt, bounded wait. */
    public void postError(JobError error) {
        flushProgress();
        try {
            http.send(request(JobEvents.ERROR_PATH, EventLine.error(error), Duration.ofSeconds(5)),
                    HttpResponse.BodyHandlers.discarding());
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
            b.header("Authorization", JobEvents.BEARER + token);
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
