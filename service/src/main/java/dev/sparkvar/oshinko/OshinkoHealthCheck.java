package dev.sparkvar.oshinko;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the oshinko server (or the embedded local backend) answers {@code GET /}, as oshinko's own probe. */
@Readiness
@ApplicationScoped
public class OshinkoHealthCheck implements AsyncHealthCheck {

    private final OshinkoClient oshinko;
    private final OshinkoAddresses addresses;

    public OshinkoHealthCheck(OshinkoClient oshinko, OshinkoAddresses addresses) {
        this.oshinko = oshinko;
        this.addresses = addresses;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String mode = addresses.backend();
        return oshinko.info()
                .map(info -> HealthCheckResponse.named("oshinko").up()
                        .withData("mode", mode)
                        .withData("url", oshinko.baseUri().toString())
                        .withData("server", info.application() == null ? "?" : info.application().name())
                        .build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("oshinko").down()
                        .withData("mode", mode)
                        .withData("error", String.valueOf(failure.getMessage()))
                        .build());
    }
}
