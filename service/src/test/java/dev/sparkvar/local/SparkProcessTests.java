package dev.sparkvar.local;

import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.testing.TestLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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

    private Ledger ledger() {
        return TestLedger.in(dir.resolve("owned"));
    }

    @Test
    void stopKillsAProcessThatIgnoresSigtermAndItsChildren() {
        // a parent that ignores SIGTERM, with a child that ignores it too (like a Worker and its executor)
        Ledger ledger = ledger();
        SparkProcess p = SparkProcess.start(ledger, ledger.intend("test", "stubborn", null), "stubborn", List.of("/bin/sh", "-c",
                "trap '' TERM; /bin/sh -c \"trap '' TERM; while true; do sleep 1; done\" & while true; do sleep 1; done"),
                Map.of(), dir.resolve("stubborn.log"));
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
        Ledger ledger = ledger();
        SparkProcess p = SparkProcess.start(ledger, ledger.intend("test", "polite", null), "polite",
                List.of("/bin/sleep", "60"), Map.of(), dir.resolve("polite.log"));
        assertTrue(p.alive());
        assertEquals(Optional.empty(), p.stop(Duration.ofSeconds(5)));
        assertFalse(p.alive());
        assertTrue(ledger.entries().isEmpty(), "a stopped process leaves the ledger");
    }
}
