package dev.sparkvar.job;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job notices that its service is gone: a callback port that refuses for the grace period, or a dead parent. */
class OrphanWatchTests {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    @Test
    void aCallbackThatRefusesForTheGracePeriodOrphansTheJob() throws Exception {
        CompletableFuture<String> orphaned = new CompletableFuture<>();
        URI callback;
        try (ServerSocket service = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            callback = URI.create("http://127.0.0.1:" + service.getLocalPort() + "/internal/runs/x");
            try (OrphanWatch watch = OrphanWatch.start(callback, ProcessHandle.current(), Duration.ofMillis(600),
                    INTERVAL, orphaned::complete)) {
                // while the service listens, nothing happens
                assertThrows(java.util.concurrent.TimeoutException.class, () -> orphaned.get(1, TimeUnit.SECONDS));
                service.close(); // the service is gone: its port refuses from now on
                String reason = orphaned.get(10, TimeUnit.SECONDS);
                assertTrue(reason.contains("refused connections for"), reason);
            }
        }
    }

    @Test
    void aDeadParentOrphansTheJobAtOnce() throws Exception {
        Process parent = new ProcessBuilder("sleep", "30").start();
        ProcessHandle handle = parent.toHandle();
        CompletableFuture<String> orphaned = new CompletableFuture<>();
        try (ServerSocket service = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             OrphanWatch watch = OrphanWatch.start(URI.create("http://127.0.0.1:" + service.getLocalPort()), handle,
                     Duration.ofMinutes(1), INTERVAL, orphaned::complete)) {
            assertFalse(orphaned.isDone());
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String reason = orphaned.get(10, TimeUnit.SECONDS);
            assertTrue(reason.contains("process " + handle.pid() + " that started this job has exited"), reason);
        }
    }

    @Test
    void closingStopsTheWatch() throws IOException, InterruptedException {
        CompletableFuture<String> orphaned = new CompletableFuture<>();
        OrphanWatch watch = OrphanWatch.start(URI.create("http://127.0.0.1:1/unreachable"), ProcessHandle.current(),
                Duration.ofMillis(300), INTERVAL, orphaned::complete);
        watch.close();
        Thread.sleep(1000);
        assertFalse(orphaned.isDone(), "a closed watch acts no more");
    }
}
