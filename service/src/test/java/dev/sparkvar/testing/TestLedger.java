package dev.sparkvar.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.OwnershipConfig;

import java.nio.file.Path;
import java.time.Duration;

/** The service's process ledger in a test's own folder, for tests that start processes outside Quarkus. */
public final class TestLedger {

    private TestLedger() {
    }

    /** A ledger recording into {@code dir}, with a 1 s stop grace. */
    public static Ledger in(Path dir) {
        return new Ledger(config(dir), json());
    }

    /** Its settings, for a test that extends the ledger to watch what is recorded. */
    public static OwnershipConfig config(Path dir) {
        return new OwnershipConfig() {
            @Override
            public Path dir() {
                return dir;
            }

            @Override
            public Duration stopGrace() {
                return Duration.ofSeconds(1);
            }
        };
    }

    public static ObjectMapper json() {
        return new ObjectMapper().findAndRegisterModules();
    }
}
