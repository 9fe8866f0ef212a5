package dev.sparkvar.testing;

import dev.sparkvar.cds.ClassSharingConfig;

import java.nio.file.Path;
import java.time.Duration;

/** Class-sharing settings for tests that make {@code ClassArchives} outside Quarkus. */
public final class TestClassSharing {

    private TestClassSharing() {
    }

    /** Archives in {@code dir}, on or off, a maker given {@code makeTimeout}. */
    public static ClassSharingConfig config(boolean enabled, Path dir, Duration makeTimeout) {
        return new ClassSharingConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Path dir() {
                return dir;
            }

            @Override
            public Duration makeTimeout() {
                return makeTimeout;
            }
        };
    }
}
