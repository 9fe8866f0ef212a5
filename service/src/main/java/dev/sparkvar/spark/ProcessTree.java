package dev.sparkvar.spark;

import io.quarkus.logging.Log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a process we started together with every process it started (a Worker's executors), by PID. */
public final class ProcessTree {

    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    /**
     * SIGTERM to the process and its descendants, a grace period, then SIGKILL; blocking. Descendants are
     * captured first: once the parent is gone they are re-parented and no longer found through it.
     *
     * @param what names the process in messages, e.g. "cluster x worker-1"
     * @return a description of what would not die, empty when everything exited
     */
    public static Optional<String> stop(ProcessHandle root, Duration grace, String what) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : tree) {
            waitFor(h, Math.max(0, deadline - System.nanoTime()));
        }
        List<ProcessHandle> stubborn = tree.stream().filter(ProcessHandle::isAlive).toList();
        if (stubborn.isEmpty()) {
            return Optional.empty();
        }
        Log.warnf("%s: %d process(es) ignored SIGTERM for %s, killing", what, stubborn.size(), grace);
        stubborn.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : stubborn) {
            waitFor(h, KILL_WAIT.toNanos());
        }
        List<Long> left = stubborn.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        return left.isEmpty() ? Optional.empty()
                : Optional.of(what + ": process(es) " + left + " did not exit after SIGKILL");
    }

    private static void waitFor(ProcessHandle handle, long nanos) {
        try {
            handle.onExit().get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still alive: the caller checks isAlive()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
