package dev.sparkvar.ownership;

import dev.sparkvar.spark.ProcessTree;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * At start-up, before anything else starts, stops every process the ledger holds that is still alive (left by a
 * crash, a kill -9, an OOM kill) and removes its folder. A process is ours only if its command line carries the
 * entry's marker, or its PID and start time both match the entry: a reused PID is never touched. Processes are
 * stopped by PID, children first found through their parent.
 */
@ApplicationScoped
public class Sweep {

    private final Ledger ledger;
    private final OwnershipConfig config;
    /** Per group (a cluster's name, a run id): empty when all was stopped, else what would not die. */
    private final Map<String, Optional<String>> swept = new ConcurrentHashMap<>();

    public Sweep(Ledger ledger, OwnershipConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    /** Runs first among the start-up observers, so that runs and clusters are recovered on a clean machine. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        List<Owned> entries = ledger.entries();
        if (entries.isEmpty()) {
            return;
        }
        List<ProcessHandle> all = ProcessHandle.allProcesses().toList();
        int stopped = 0;
        for (Owned owned : entries) {
            List<ProcessHandle> alive = all.stream().filter(p -> p.isAlive() && ours(owned, p)).toList();
            List<String> left = new ArrayList<>();
            for (ProcessHandle p : alive) {
                ProcessTree.stop(p, config.stopGrace(), owned.role() + " of " + owned.group()).ifPresent(left::add);
            }
            stopped += alive.size();
            if (Ledger.UNREADABLE.equals(owned.group())) {
                Log.warnf("unreadable ledger entry %s: %d process(es) carrying its marker found and stopped%s",
                        owned.id(), alive.size(), left.isEmpty() ? "" : "; left: " + String.join("; ", left));
            }
            if (left.isEmpty()) {
                Optional.ofNullable(owned.workDir()).map(Path::of).ifPresent(Folders::delete);
                ledger.forget(owned);
            }
            swept.merge(owned.group(), left.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", left)),
                    (a, b) -> a.isPresent() ? a : b);
        }
        Log.infof("start-up sweep: %d recorded process(es) of %d group(s), %d still alive and stopped, %d left",
                entries.size(), swept.size(), stopped, swept.values().stream().filter(Optional::isPresent).count());
    }

    /** What the sweep found of a group: absent if nothing was recorded, empty if all of it is gone now. */
    public Optional<Optional<String>> result(String group) {
        return Optional.ofNullable(swept.get(group));
    }

    /** Forgets a group's sweep once its owner has acted on it. */
    public void acknowledge(String group) {
        swept.remove(group);
    }

    static boolean ours(Owned owned, ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        boolean marked = info.arguments().map(args -> Stream.of(args).anyMatch(owned.marker()::equals)).orElse(false)
                || info.commandLine().map(line -> (line + " ").contains(owned.marker() + " ")).orElse(false);
        boolean samePidAndStart = owned.pid() != null && owned.pid() == process.pid() && owned.startedAt() != null
                && info.startInstant().map(owned.startedAt()::equals).orElse(false);
        return marked || samePidAndStart;
    }
}
