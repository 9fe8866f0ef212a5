package dev.sparkvar.observe;

import dev.sparkvar.testing.Management;
import dev.sparkvar.testing.TestAccess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * Issue 21: health and the Prometheus scrape are on the management port only. How the numbers move during and after
 * a real run is checked on {@code run/RealRunTests}' run (one cold run serves several proofs).
 */
@QuarkusTest
class MetricsTests {

    @TestHTTPResource("/")
    URI base;

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        given().header(TestAccess.ANONYMOUS, "yes").get(Management.uri("/q/health/ready")).then().statusCode(200)
                .body(containsString("admission"));
        given().header(TestAccess.ANONYMOUS, "yes").get(Management.uri("/q/metrics")).then().statusCode(200)
                .body(containsString("sparkvar_runs{state=\"running\"}"))
                .body(containsString("sparkvar_runs_finished_total{outcome=\"completed\"}"))
                // no warm pool in tests but PoolTests (pool/PoolTests checks a ready slot)
                .body(containsString("\nsparkvar_pool_size 0")).body(containsString("sparkvar_pool_slots{state=\"ready\"} 0"))
                .body(containsString("sparkvar_pool_slots{state=\"filling\"} 0"));
        given().get(base.resolve("/q/metrics")).then().statusCode(404);
        given().header(TestAccess.ANONYMOUS, "yes").get(base.resolve("/q/metrics")).then().statusCode(401);
        given().get(base.resolve("/q/health/ready")).then().statusCode(404);
    }
}
