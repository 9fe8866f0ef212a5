package dev.sparkvar.pool;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The warm pool in readiness: {@code size}, {@code ready}, {@code filling} (and the last filling's error). Always UP:
 * without a ready slot a run starts cold, it is not refused.
 */
@Readiness
@ApplicationScoped
public class PoolHealthCheck implements HealthCheck {

    private final WarmPool pool;

    public PoolHealthCheck(WarmPool pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("pool").up();
        pool.status().forEach((k, v) -> {
            if (v instanceof Number n) {
                response.withData(k, n.longValue());
            } else {
                response.withData(k, String.valueOf(v));
            }
        });
        return response.build();
    }
}
