package dev.sparkvar.job;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Ends a job whose service is gone, so that no job JVM (and no driver holding a cluster's executors) outlives the
 * service that started it: once its parent process has exited, or the service's callback port has refused
 * connections for longer than a grace period, the watch calls its action (stop Spark, exit). Checks run on one
 * daemon thread; closing the watch stops them.
 */
final class OrphanWatch implements AutoCloseable {

    /** Exit code of a job that ended itself because its service was gone. */
    static final int ORPHANED = 3;

    private final Thread thread;
    private volatile boolean closed;

    private OrphanWatch(URI callback, ProcessHandle parent, Duration grace, Duration interval, Consumer<String> onOrphaned) {
        this.thread = new Thread(() -> watch(callback, parent, grace, interval, onOrphaned), "sparkvar-orphan-watch");
        thread.setDaemon(true);
    }

    /** Starts watching {@code parent} and the callback's port. */
    static OrphanWatch start(URI callback, ProcessHandle parent, Duration grace, Duration interval,
            Consumer<String> onOrphaned) {
        OrphanWatch watch = new OrphanWatch(callback, parent, grace, interval, onOrphaned);
        watch.thread.start();
        return watch;
    }

    private void watch(URI callback, ProcessHandle parent, Duration grace, Duration interval, Consumer<String> onOrphaned) {
        long refusedSince = -1;
        while (!closed) {
            sleep(interval);
            if (closed) {
                return;
            }
            if (!parent.isAlive()) {
                onOrphaned.accept("the service's process " + parent.pid() + " that started this job has exited");
                return;
            }
            if (reachable(callback, interval)) {
                refusedSince = -1;
            } else if (refusedSince < 0) {
                refusedSince = System.nanoTime();
            } else if (System.nanoTime() - refusedSince >= grace.toNanos()) {
                onOrphaned.accept("the service's callback " + callback.getHost() + ":" + port(callback)
                        + " has refused connections for " + grace.toSeconds() + " s");
                return;
            }
        }
    }

    private static boolean reachable(URI callback, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(callback.getHost(), port(callback)), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
