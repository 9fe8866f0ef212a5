package dev.sparkvar.ownership;

import java.time.Instant;

/**
 * One process the service started (or is about to start), as recorded in the ledger before it starts.
 *
 * @param id        the ledger id; also the process's marker, {@code -Downed.by.sparkvar=<id>} on its command line (and
 *                  on its children's, where we can), which tells our process from one that reused its PID
 * @param group     what it belongs to, e.g. a cluster's name or a run id
 * @param role      what it is, e.g. {@code master}, {@code worker-2}, {@code job}
 * @param pid       its PID once started, else null
 * @param startedAt the process's own start time once started, else null
 * @param workDir   a folder that goes with it and is removed with it, or null
 */
public record Owned(String id, String group, String role, Long pid, Instant startedAt, String workDir) {

    /** The command-line option that marks a process of ours. */
    public String marker() {
        return Ledger.MARKER + id;
    }

    Owned started(ProcessHandle process) {
        return new Owned(id, group, role, process.pid(), process.info().startInstant().orElse(null), workDir);
    }
}
