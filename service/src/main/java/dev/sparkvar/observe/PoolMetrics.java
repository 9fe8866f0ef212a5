package dev.sparkvar.observe;

import dev.sparkvar.pool.WarmPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The warm pool's gauges (README, "Metrics"): its places and its slots by state, read from the pool at each scrape.
 * A run that found no ready slot started cold; these say whether the pool was full, filling or off at the time.
 */
@ApplicationScoped
public class PoolMetrics {

    void register(@Observes StartupEvent start, MeterRegistry registry, WarmPool pool, OwnedMeters owned) {
        owned.add(Gauge.builder("sparkvar.pool.size", pool, p -> ((Number) p.status().get("size")).doubleValue())
                .description("Places of the warm pool (sparkvar.pool.size; 0 = off)").register(registry));
        owned.add(Gauge.builder("sparkvar.pool.slots", pool,
                        p -> p.slots().stream().filter(WarmPool.SlotView::ready).count())
                .description("Warm pool slots by state: ready for a run, or filling (cluster and job JVM starting)")
                .tag("state", "ready").register(registry));
        owned.add(Gauge.builder("sparkvar.pool.slots", pool, p -> p.slots().stream().filter(s -> !s.ready()).count())
                .description("Warm pool slots by state: ready for a run, or filling (cluster and job JVM starting)")
                .tag("state", "filling").register(registry));
    }
}
