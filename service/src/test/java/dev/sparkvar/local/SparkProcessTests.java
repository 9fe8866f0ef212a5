package dev.sparkvar.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.OwnershipConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping a process tree: SIGTERM, a grace period, then SIGKILL for what ignores it, children included. */
class SparkProcessTests {

    @TempDir
    Path dir;

    @Test
    void stopKillsAProcessThatIgnoresSigtermAndItsChildren() {
        // a parent that ignores SIGTERM, with a child that ignores it too (like a Worker and its executor)
        SparkProcess p = start("stubborn",
                "trap '' TERM; /bin/sh -c \"trap '' TERM; while true; do sleep 1; done\" & while true; do sleep 1; done");
        await().atMost(Duration.ofSeconds(10)).until(() -> p.pids().size() >= 2);
        List<Long> pids = p.pids();
        Optional<String> left = p.stop(Duration.ofMillis(300));
        assertEquals(Optional.empty(), left);
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " survived");
        }
        assertEquals("Failed", p.phase(), "killed, so a non-zero exit");
    }

    @Test
    void stopOfAPoliteProcessNeedsNoKill() {
        SparkProcess p = start("polite", "exec /bin/sleep 60");
        assertTrue(p.alive());
        assertEquals(Optional.empty(), p.stop(Duration.ofSeconds(5)));
        assertFalse(p.alive());
    }

    /**
     * Starts {@code script} as an executable file of its own, so that the ledger's marker, which goes right after
     * the command, is just an ignored argument of the script.
     */
    private SparkProcess start(String role, String script) {
        try {
            Path file = dir.resolve(role + ".sh");
            Files.writeString(file, "#!/bin/sh\n" + script + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            Ledger ledger = new Ledger(new OwnershipConfig() {
                @Override
                public Path dir() {
                    return dir.resolve(".owned");
                }

                @Override
                public Duration stopGrace() {
                    return Duration.ofSeconds(1);
                }
            }, new ObjectMapper().registerModule(new JavaTimeModule()));
            return SparkProcess.start(ledger, ledger.intend("test", role, null), role, List.of(file.toString()),
                    Map.of(), dir.resolve(role + ".log"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
