package dev.sparkvar.run;

import dev.sparkvar.cluster.OshinkoException;

import java.net.ConnectException;
import java.util.List;

/** The words a failed run's reason is made of. */
final class Reasons {

    private Reasons() {
    }

    /** A failure as a reason: oshinko's own words for an oshinko error, else the message. */
    static String of(Throwable failure) {
        if (failure instanceof OshinkoException e) {
            return "oshinko: " + e.status() + " " + e.title() + ": " + e.details();
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /**
     * Whether a failed create proves that no cluster came of it: oshinko refused it (4xx: a bad config, or a
     * name that exists, which is someone else's cluster and must never be deleted), or the connection was refused
     * before anything was sent. A timeout or a 5xx proves nothing: the server may be creating it still.
     */
    static boolean provesNoCluster(Throwable failure) {
        if (failure instanceof OshinkoException e && e.status() >= 400 && e.status() < 500 && e.status() != 408) {
            return true;
        }
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** For an exit code above 128 (a JVM killed by a signal), which signal. */
    static String signal(int exitCode) {
        return switch (exitCode) {
            case 137 -> " (killed by SIGKILL)";
            case 143 -> " (stopped by SIGTERM)";
            case 134 -> " (aborted, SIGABRT)";
            default -> exitCode > 128 && exitCode < 160 ? " (killed by signal " + (exitCode - 128) + ")" : "";
        };
    }

    /** The job's last output line, to explain an exit code the job did not explain itself. */
    static String lastLogLine(Run run) {
        List<String> lines = run.log().lines();
        return lines.isEmpty() ? "" : " (last output: " + lines.get(lines.size() - 1) + ")";
    }
}
