package dev.sparkvar.run;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;

/**
 * Whether every run's newest state is on disk. Stays UP while writes fail (runs are served from memory and the
 * service can still do its work) but says which runs and why, so that an operator sees a full disk at once.
 */
@Readiness
@ApplicationScoped
public class RunStoreHealthCheck implements HealthCheck {

    private final RunStore store;

    public RunStoreHealthCheck(RunStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> failing = store.failing();
        var response = HealthCheckResponse.named("run-store").up().withData("unsavedRuns", failing.size());
        failing.entrySet().stream().limit(5).forEach(e -> response.withData("run " + e.getKey(), e.getValue()));
        return response.build();
    }
}
