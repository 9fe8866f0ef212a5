package dev.sparkvar.local;

import dev.sparkvar.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The local backend's oshinko errors over HTTP: codes and {@code {"errors":[...]}} bodies; no process is started. */
@QuarkusTest
class OshinkoLocalResourceTests {

    @Test
    void rootAnswersLikeOshinkosProbe() {
        given().when().get("/oshinko/").then().statusCode(200)
                .body("application.name", equalTo("sparkvar-local-oshinko"));
    }

    @Test
    void nonDnsNameIs409() {
        given().contentType("application/json").body("{\"name\":\"Bad_Name\",\"config\":{}}")
                .when().post("/oshinko/clusters")
                .then().statusCode(409)
                .body("errors[0].status", equalTo(409))
                .body("errors[0].title", equalTo("cannot create cluster"))
                .body("errors[0].details", startsWith("cluster name 'Bad_Name' is not a DNS label"));
    }

    @Test
    void missingNamedConfigIs409() {
        given().contentType("application/json").body("{\"name\":\"c1\",\"config\":{\"name\":\"nope\"}}")
                .when().post("/oshinko/clusters")
                .then().statusCode(409)
                .body("errors[0].details", equalTo("invalid cluster configuration, error: named config 'nope' does not exist"));
    }

    @Test
    void workerCountBelowOneIs409() {
        given().contentType("application/json").body("{\"name\":\"c1\",\"config\":{\"workerCount\":-1}}")
                .when().post("/oshinko/clusters")
                .then().statusCode(409)
                .body("errors[0].details", equalTo(
                        "invalid cluster configuration, error: cluster configuration may not have a workerCount less than 1"));
    }

    @Test
    void unknownClusterIs404OnGetPutAndDelete() {
        given().when().get("/oshinko/clusters/ghost").then().statusCode(404)
                .body("errors[0].title", equalTo("cannot get cluster"));
        given().contentType("application/json").body("{\"name\":\"ghost\",\"config\":{\"workerCount\":2}}")
                .when().put("/oshinko/clusters/ghost").then().statusCode(404)
                .body("errors[0].title", equalTo("cannot update cluster"));
        given().when().delete("/oshinko/clusters/ghost").then().statusCode(404)
                .body("errors[0].title", equalTo("cluster deletion failed"))
                .body("errors[0].details", equalTo("no such cluster"));
    }

    @Test
    void listIsEmptyWithoutClusters() {
        given().when().get("/oshinko/clusters").then().statusCode(200).body("clusters.size()", equalTo(0));
    }

    @Test
    void readinessReportsTheLocalBackend() {
        given().when().get(Management.uri("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'oshinko' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'oshinko' }.data.mode", equalTo("local"));
    }

    @Test
    void tooManyWorkersIs409() {
        given().contentType("application/json").body("{\"name\":\"c1\",\"config\":{\"workerCount\":100}}")
                .when().post("/oshinko/clusters")
                .then().statusCode(409)
                .body("errors[0].details", equalTo(
                        "workerCount 100 is more than the local backend's limit of 8 (sparkvar.local.max-workers)"));
    }
}
