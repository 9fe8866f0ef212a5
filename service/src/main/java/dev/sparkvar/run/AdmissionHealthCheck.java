package dev.sparkvar.run;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * How full the service is: runs holding a cluster and runs waiting, against their limits. Always UP: a full queue
 * is answered with 429 per request; taking the pod out of its Service would hide the running runs' streams too.
 */
@Readiness
@ApplicationScoped
public class AdmissionHealthCheck implements HealthCheck {

    private final Admission admission;

    public AdmissionHealthCheck(Admission admission) {
        this.admission = admission;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("admission").up()
                .withData("running", admission.running())
                .withData("maxRunning", admission.maxRunning())
                .withData("queued", admission.queued())
                .withData("queueSize", admission.queueSize())
                .build();
    }
}
