package dev.sparkvar;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Which cluster backend answers ({@code kubernetes}, {@code oshinko} or {@code local}). On Kubernetes, ready when
 * the API lists our clusters (the adapter's own permission); the oshinko backends have their own check.
 */
@Readiness
@ApplicationScoped
public class ClusterBackendHealthCheck implements AsyncHealthCheck {

    static final String NAME = "cluster-backend";

    private final ClusterBackend backend;

    public ClusterBackendHealthCheck(ClusterBackend backend) {
        this.backend = backend;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return backend.kubernetes()
                .map(kube -> kube.list()
                        .map(clusters -> HealthCheckResponse.named(NAME).up()
                                .withData("backend", backend.backend())
                                .withData("namespace", kube.namespace())
                                .withData("clusters", clusters.size())
                                .build())
                        .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                                .withData("backend", backend.backend())
                                .withData("namespace", kube.namespace())
                                .withData("error", String.valueOf(failure.getMessage()))
                                .build()))
                .orElseGet(() -> Uni.createFrom().item(HealthCheckResponse.named(NAME).up()
                        .withData("backend", backend.backend()).build()));
    }
}
