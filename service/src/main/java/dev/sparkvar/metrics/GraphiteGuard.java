package dev.sparkvar.metrics;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.temporal.ChronoUnit;

/** The time limit of one render query ({@code sparkvar.graphite.timeout}), applied with {@code @ApplyGuard}. */
@Singleton
class GraphiteGuard {

    static final String NAME = "graphite-render";

    @Produces
    @Singleton
    @Identifier(NAME)
    Guard render(GraphiteConfig config) {
        return Guard.create().withDescription(NAME)
                .withTimeout().duration(Math.max(1, config.timeout().toMillis()), ChronoUnit.MILLIS).done()
                .build();
    }
}
