package dev.sparkvar.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A gauge of a stopped application leaves the registry, so the next application's gauge of that name reads it. */
class OwnedMetersTests {

    @Test
    void aStoppedApplicationsGaugesAreRemovedAndTheNextOnesRegister() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger first = new AtomicInteger(1);
        AtomicInteger second = new AtomicInteger(2);

        OwnedMeters before = new OwnedMeters(registry);
        before.add(Gauge.builder("sparkvar.test", first, AtomicInteger::get).register(registry));
        // without the removal, the first registration of a name wins: the next application's gauge reads the old bean
        Gauge.builder("sparkvar.test", second, AtomicInteger::get).register(registry);
        assertEquals(1.0, registry.get("sparkvar.test").gauge().value());

        before.onStop(null);
        assertNull(registry.find("sparkvar.test").gauge(), "removed at shutdown");
        OwnedMeters after = new OwnedMeters(registry);
        after.add(Gauge.builder("sparkvar.test", second, AtomicInteger::get).register(registry));
        assertEquals(2.0, registry.get("sparkvar.test").gauge().value());
    }
}
