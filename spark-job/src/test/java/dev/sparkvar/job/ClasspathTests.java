package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Guards the dependency management: Spark's Jackson 2.15 and a real SLF4J binding (not the NOP logger). */
class ClasspathTests {

    @Test
    void jacksonIsTheVersionSparkWasBuiltWith() {
        assertEquals(2, com.fasterxml.jackson.core.json.PackageVersion.VERSION.getMajorVersion());
        assertEquals(15, com.fasterxml.jackson.core.json.PackageVersion.VERSION.getMinorVersion(),
                "jackson-core " + com.fasterxml.jackson.core.json.PackageVersion.VERSION);
        assertEquals(15, com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion(),
                "jackson-databind " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
    }

    @Test
    void slf4jIsBoundToLog4j() {
        String factory = LoggerFactory.getILoggerFactory().getClass().getName();
        assertFalse(factory.contains("NOP"), "SLF4J fell back to " + factory);
        assertTrue(factory.startsWith("org.apache.logging"), factory);
    }
}
