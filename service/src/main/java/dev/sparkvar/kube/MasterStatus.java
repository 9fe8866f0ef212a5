package dev.sparkvar.kube;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The workers registered with a cluster's master, from the master's own JSON status ({@code GET /json/} of its
 * web UI: {@code {"aliveworkers": n, ...}}), so that no metrics stack is needed to know when a cluster is ready.
 * A master that does not answer (yet) is "no data", not a failure; an answer we cannot read is a failure.
 */
public class MasterStatus implements AutoCloseable {

    /** Biggest status body read: a master lists its workers and applications, a few kB each. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final HttpClient http;
    private final Function<String, URI> statusUrl;
    private final Duration timeout;

    /** @param statusUrl the status URL of a cluster's master, by cluster name */
    public MasterStatus(Vertx vertx, Function<String, URI> statusUrl, Duration timeout) {
        this.statusUrl = statusUrl;
        this.timeout = timeout;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis()).setKeepAlive(true));
    }

    /** The master's {@code aliveworkers}; empty while it does not answer or answers without it. */
    public Uni<Optional<Integer>> aliveWorkers(String cluster) {
        URI url = statusUrl.apply(cluster);
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
                .setTimeout(timeout.toMillis()).putHeader("Accept", "application/json");
        return http.request(request)
                .chain(r -> r.send())
                .chain(response -> {
                    if (response.statusCode() != 200) {
                        return response.end().replaceWith(Optional.<Integer>empty());
                    }
                    return response.body().map(MasterStatus::alive);
                })
                .onFailure(MasterStatus::notUp).recoverWithItem(Optional.empty());
    }

    private static Optional<Integer> alive(Buffer body) {
        if (body.length() > MAX_BODY) {
            throw new IllegalStateException("master status of " + body.length() + " bytes, more than " + MAX_BODY);
        }
        Object value = new JsonObject(body.getDelegate()).getValue("aliveworkers");
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number n)) {
            throw new IllegalStateException("master status: aliveworkers is not a number: " + value);
        }
        return Optional.of(n.intValue());
    }

    /** Refused, unresolvable (Service without endpoints yet), reset or timed out: the master is not up yet. */
    private static boolean notUp(Throwable failure) {
        return failure instanceof java.net.ConnectException
                || failure instanceof java.net.UnknownHostException
                || failure instanceof io.vertx.core.http.HttpClosedException
                || failure instanceof io.netty.channel.ConnectTimeoutException
                || failure instanceof java.util.concurrent.TimeoutException
                || failure instanceof io.vertx.core.VertxException && failure.getMessage() != null
                        && failure.getMessage().contains("timeout");
    }

    @Override
    public void close() {
        http.closeAndForget();
    }
}
