package dev.sparkvar.kube;

import dev.sparkvar.cluster.ClusterConflictException;
import dev.sparkvar.cluster.ClusterNotFoundException;
import dev.sparkvar.cluster.OshinkoException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How a Kubernetes API call is made from the port: the fabric8 client blocks, so every call runs on a worker thread,
 * within the request timeout, and fails in the port's terms ({@link OshinkoException} and its kinds).
 */
final class KubeCalls {

    private final Duration requestTimeout;

    KubeCalls(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /** {@code call} on a worker thread; no answer within the request timeout is a 504, any other failure translated. */
    <T> Uni<T> blocking(Supplier<T> call) {
        return Uni.createFrom().item(call)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(requestTimeout).failWith(TimeoutException::new)
                .onFailure(TimeoutException.class).transform(e -> new OshinkoException(504,
                        "Kubernetes API too slow", "no answer within " + requestTimeout.toSeconds() + " s"))
                .onFailure(f -> !(f instanceof OshinkoException))
                .transform(f -> translate(f, "Kubernetes API call failed"));
    }

    /** A failed API call in the port's terms: 404 gone, 409/422 a conflict, others a bad gateway or unreachable. */
    static OshinkoException translate(Throwable failure, String title) {
        if (failure instanceof OshinkoException o) {
            return o;
        }
        if (failure instanceof KubernetesClientException k) {
            String details = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage()
                    : String.valueOf(k.getMessage());
            return switch (k.getCode()) {
                case 404 -> new ClusterNotFoundException(title, details);
                case 409, 422 -> new ClusterConflictException(title, details);
                case 0 -> new OshinkoException(503, "Kubernetes API unreachable", details, k);
                default -> new OshinkoException(502, title, "the Kubernetes API answered " + k.getCode() + ": "
                        + details, k);
            };
        }
        return new OshinkoException(502, title, String.valueOf(failure.getMessage()), failure);
    }
}
