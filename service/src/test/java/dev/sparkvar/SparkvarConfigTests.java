package dev.sparkvar;

import dev.sparkvar.run.RunsConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One root of truth for the settings although each group is a mapping of its own ({@link SparkvarConfig}): every
 * group's prefix is the root's name for it, and the root is what rejects a misspelt group.
 */
class SparkvarConfigTests {

    private static List<Method> groups() {
        return Arrays.stream(SparkvarConfig.class.getDeclaredMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers())).toList();
    }

    @Test
    void everyGroupsPrefixIsTheRootsNameForIt() {
        assertFalse(groups().isEmpty());
        for (Method group : groups()) {
            ConfigMapping mapping = group.getReturnType().getAnnotation(ConfigMapping.class);
            assertNotNull(mapping, group.getReturnType().getSimpleName() + " is not a @ConfigMapping of its own");
            assertEquals("sparkvar." + kebab(group.getName()), mapping.prefix(), group.getReturnType().getSimpleName());
        }
    }

    @Test
    void theRootRejectsAMisspeltGroupWhichTheGroupsAloneWouldIgnore() {
        Map<String, String> typo = Map.of("sparkvar.runz.dir", "/tmp/runs");
        assertNotNull(config(false, typo).getConfigMapping(RunsConfig.class),
                "without the root, a misspelt group maps to no prefix and passes unnoticed");
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(true, typo));
        assertTrue(e.getMessage().contains("sparkvar.runz.dir"), e.getMessage());
        // and the values a feature gets are the root's
        SmallRyeConfig both = config(true, Map.of("sparkvar.runs.log-lines", "17"));
        assertEquals(17, both.getConfigMapping(RunsConfig.class).logLines());
        assertEquals(17, both.getConfigMapping(SparkvarConfig.class).runs().logLines());
    }

    /** The service's mappings as Quarkus registers them (its converters, unknown keys rejected), over {@code values}. */
    private static SmallRyeConfig config(boolean withRoot, Map<String, String> values) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors() // ${...} defaults
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withConverter(Path.class, 200, new PathConverter())
                .withValidateUnknown(true)
                .withSources(new PropertiesConfigSource(values, "test", 300));
        for (Method group : groups()) {
            builder.withMapping(group.getReturnType());
        }
        if (withRoot) {
            builder.withMapping(SparkvarConfig.class);
        }
        return builder.build();
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
