package dev.sparkvar.pool;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The warm pool in readiness: {@code size}, {@code ready}, {@code filling} (and the last filling's error). UP without
 * a ready slot (a run then starts cold, it is not refused); DOWN only after a crash, while the clusters of the slots
 * the previous process left are deleted ({@code leftClustersToDelete}).
 */
@Readiness
@ApplicationScoped
public class PoolHealthCheck implements HealthCheck {

    private final WarmPool pool;
    private final SlotRecords records;

    public PoolHealthCheck(WarmPool pool, SlotRecords records) {
        this.pool = pool;
        this.records = records;
    }

    @Override
    public HealthCheckResponse call() {
        // DOWN only while clusters the previous process left are being deleted (bounded: 30 s each), after a crash:
        // a run or a fill would compete with them, and a service stopped meanwhile would keep them
        int left = records.leftToDelete();
        var response = HealthCheckResponse.named("pool").status(left == 0);
        if (left > 0) {
            response.withData("leftClustersToDelete", left);
        }
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
