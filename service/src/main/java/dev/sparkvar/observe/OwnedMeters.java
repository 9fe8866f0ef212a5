package dev.sparkvar.observe;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The meters that read this application's beans (gauges, function counters), removed when it stops. Micrometer's
 * global registry outlives one application in a JVM (dev mode's restarts, a test JVM that boots several profiles),
 * and a meter left there would go on reading the stopped application's beans: a scrape then tried to create them
 * again in a stopped container and answered 500. It would also keep the next application's meter of the same name
 * from registering, since the first registration of a name wins.
 */
@ApplicationScoped
public class OwnedMeters {

    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    public OwnedMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records {@code meter}, just registered, for removal at shutdown; returns it. */
    public <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    void onStop(@Observes ShutdownEvent stop) {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
