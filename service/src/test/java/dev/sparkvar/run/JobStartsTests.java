package dev.sparkvar.run;

import dev.sparkvar.cds.ClassArchives;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.Owned;
import dev.sparkvar.spark.SparkInstall;
import dev.sparkvar.testing.TestClassSharing;
import dev.sparkvar.testing.TestLedger;
import dev.sparkvar.testing.TestSparkInstall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

/**
 * No job JVM outlives a stopping service because its start was in flight (the first start of a kind waits for the
 * class-sharing check, a second or more): {@link JobLauncher#close} refuses new starts and waits for those in flight,
 * and such a start stops the JVM it made. The rules in milliseconds ({@link JobStarts}), then once with a real JVM.
 */
class JobStartsTests {

    @TempDir
    Path dir;

    @Test
    void aStartAfterCloseIsRefused() {
        JobStarts starts = new JobStarts();
        starts.close(Duration.ofSeconds(1));
        IllegalStateException refused = assertThrows(IllegalStateException.class, starts::enter);
        assertTrue(refused.getMessage().contains("stopping"), refused.getMessage());
    }

    @Test
    void closeWaitsForTheStartInFlightWhichSeesItClosed() throws Exception {
        JobStarts starts = new JobStarts();
        starts.enter();
        CompletableFuture<Void> close = CompletableFuture.runAsync(() -> starts.close(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(5)).until(starts::closed);
        assertFalse(close.isDone(), "the start has not ended: close still waits");
        starts.exit();
        close.get(5, TimeUnit.SECONDS);
    }

    @Test
    void closeGivesUpAfterItsTimeout() throws Exception {
        JobStarts starts = new JobStarts();
        starts.enter(); // never ends
        CompletableFuture.runAsync(() -> starts.close(Duration.ofMillis(200))).get(10, TimeUnit.SECONDS);
        assertTrue(starts.closed());
    }

    /**
     * A standby start blocked in its class-sharing options (as in the check JVM) while the service closes the
     * launcher: the start goes on, makes its JVM, sees the launcher closed and stops it; close returns only after.
     * The JVM is gone by its PID and its ledger entry with it.
     */
    @Test
    void aJvmStartedWhileTheServiceStopsIsStoppedBeforeCloseReturns() throws Exception {
        SparkInstall spark = TestSparkInstall.create();
        List<Long> pids = new CopyOnWriteArrayList<>();
        Path ledgerDir = dir.resolve("ledger");
        Ledger ledger = new Ledger(TestLedger.config(ledgerDir), TestLedger.json()) {
            @Override
            public Owned started(Owned owned, ProcessHandle process) {
                pids.add(process.pid());
                return super.started(owned, process);
            }
        };
        CountDownLatch inCheck = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        JobLauncher launcher = new JobLauncher(spark, driverMemory("256m"), TestLedger.json(), ledger);
        launcher.archives = new ClassArchives(TestClassSharing.config(false, dir.resolve("cds"), Duration.ofMinutes(1)), spark) {
            @Override
            public List<String> options(Kind kind) {
                inCheck.countDown();
                try {
                    checked.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            }
        };
        Path slotDir = Files.createDirectories(dir.resolve("slot"));
        CompletableFuture<JobProcess> start = CompletableFuture.supplyAsync(() -> launcher.startStandby("slot-1",
                "spark://127.0.0.1:7077", slotDir, slotDir, Optional.empty(), Duration.ofMinutes(1), new LogTail(50)));
        assertTrue(inCheck.await(30, TimeUnit.SECONDS), "the start never reached its class-sharing options");
        CompletableFuture<Void> close = CompletableFuture.runAsync(() -> launcher.close(Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(5)).until(launcher::stopping);
        assertFalse(close.isDone(), "close waits for the start in flight");
        checked.countDown(); // the check ends after the service began stopping

        close.get(60, TimeUnit.SECONDS);
        // when close returns, the JVM is gone already (the service may exit right after)
        assertEquals(1, pids.size(), "one JVM started: " + pids);
        assertTrue(ProcessHandle.of(pids.get(0)).filter(ProcessHandle::isAlive).isEmpty(),
                "the JVM started while the service stopped is still alive: " + pids.get(0));
        assertEquals(List.of(), ledger.entries());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> start.get(10, TimeUnit.SECONDS));
        assertEquals("the service stopped while the job started", failed.getCause().getMessage());
        // and nothing starts any more
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> launcher.startStandby("slot-2",
                "spark://127.0.0.1:7077", slotDir, slotDir, Optional.empty(), Duration.ofMinutes(1), new LogTail(50)));
        assertTrue(refused.getMessage().contains("stopping"), refused.getMessage());
        assertEquals(1, pids.size(), "no JVM started after close: " + pids);
    }

    private static RunsConfig driverMemory(String memory) {
        return (RunsConfig) Proxy.newProxyInstance(RunsConfig.class.getClassLoader(), new Class<?>[] {RunsConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("driverMemory")) {
                        return memory;
                    }
                    throw new UnsupportedOperationException(method.getName() + " is not used by a job's start");
                });
    }
}
