package dev.sparkvar.metrics;

import dev.sparkvar.testing.Requirement;
import dev.sparkvar.testing.SystemTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link GraphiteClient} against real Graphite (Debian's carbon-cache and graphite-web under gunicorn), started
 * before the class and stopped after it; the service itself is the default test profile's, shared with the other
 * classes.
 */
@SystemTest(requires = Requirement.GRAPHITE)
@QuarkusTest
class RealGraphiteClientTests extends GraphiteClientContract {

    private static final RealGraphite GRAPHITE = new RealGraphite();
    private static RealGraphite.Address graphite;

    @BeforeAll
    static void startGraphite() {
        graphite = GRAPHITE.start();
    }

    @AfterAll
    static void stopGraphite() {
        GRAPHITE.stop();
    }

    @Override
    String metricsUrl() {
        return graphite.renderUrl();
    }

    @Override
    int carbonPort() {
        return graphite.carbonPort();
    }

    @Override
    String missingMetricsUrl() {
        return graphite.renderUrl() + "/no-such-prefix";
    }
}
