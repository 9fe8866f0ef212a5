package dev.sparkvar;

import dev.sparkvar.cds.ClassSharingConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Hands {@code cds} its group of {@link SparkvarConfig}, as {@link ConfigGroups} does for the other features (kept
 * apart from it only while the wiring of config groups is being reworked; fold it in there).
 */
@Singleton
public class ClassSharingGroup {

    private final SparkvarConfig config;

    public ClassSharingGroup(SparkvarConfig config) {
        this.config = config;
    }

    @Produces
    ClassSharingConfig classSharing() {
        return config.classSharing();
    }
}
