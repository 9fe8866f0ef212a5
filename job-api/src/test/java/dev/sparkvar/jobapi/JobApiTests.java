package dev.sparkvar.jobapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The contract's constants hang together. */
class JobApiTests {

    @Test
    void exitCodesAreDistinctAndFoundByStatus() {
        for (ExitCode c : ExitCode.values()) {
            assertEquals(Optional.of(c), ExitCode.of(c.code()));
        }
        assertEquals(0, ExitCode.OK.code());
        assertEquals(Optional.empty(), ExitCode.of(137));
    }

    @Test
    void javaOptionsOpenEveryPackageOnce() {
        assertEquals(SparkJavaOptions.OPENS.size() + 2, SparkJavaOptions.JAVA17.size());
        assertEquals(SparkJavaOptions.OPENS.size(), new HashSet<>(SparkJavaOptions.OPENS).size());
        assertTrue(SparkJavaOptions.JAVA17.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));
        assertEquals(String.join(" ", SparkJavaOptions.OPENS), SparkJavaOptions.manifestAddOpens());
    }

    @Test
    void singleValuedOptionsAreDistinctAndExcludeConf() {
        assertEquals(JobOptions.SINGLE_VALUED.size(), new HashSet<>(JobOptions.SINGLE_VALUED).size());
        assertTrue(!JobOptions.SINGLE_VALUED.contains(JobOptions.CONF));
        assertEquals("/progress", JobEvents.PROGRESS_PATH);
    }
}
