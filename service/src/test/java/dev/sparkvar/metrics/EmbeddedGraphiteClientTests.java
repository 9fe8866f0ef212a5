package dev.sparkvar.metrics;

import dev.sparkvar.local.EmbeddedGraphite;
import dev.sparkvar.server.LocalServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link GraphiteClient} against the embedded Graphite of the local backend: the same checks as real Graphite. */
@QuarkusTest
class EmbeddedGraphiteClientTests extends GraphiteClientContract {

    private static final String CLUSTER = "graphite-contract";

    @Inject
    EmbeddedGraphite graphite;
    @Inject
    LocalServer server;

    private int carbonPort;

    @BeforeEach
    void startReceiver() {
        carbonPort = graphite.start(CLUSTER).port();
    }

    @AfterEach
    void stopReceiver() {
        graphite.stop(CLUSTER);
    }

    @Override
    String metricsUrl() {
        return server.baseUri() + EmbeddedGraphite.PATH + "/" + CLUSTER;
    }

    @Override
    int carbonPort() {
        return carbonPort;
    }

    @Override
    String missingMetricsUrl() {
        return server.baseUri() + EmbeddedGraphite.PATH + "/no-such-cluster";
    }
}
