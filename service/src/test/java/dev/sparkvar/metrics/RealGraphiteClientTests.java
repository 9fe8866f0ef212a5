package dev.sparkvar.metrics;

import dev.sparkvar.testing.Requirement;
import dev.sparkvar.testing.SystemTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link GraphiteClient} against real Graphite (Debian's carbon-cache and graphite-web under gunicorn). */
@SystemTest(requires = Requirement.GRAPHITE)
@QuarkusTest
@WithTestResource(RealGraphiteResource.class)
class RealGraphiteClientTests extends GraphiteClientContract {

    @RealGraphite
    RealGraphiteResource.Address graphite;

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
