package dev.sparkvar.observe;

import dev.sparkvar.run.RunStep;
import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a run's id and its cluster's name as fields (MDC {@code runId}, {@code cluster}) on every log line about the
 * run, so that a log store filters one run's story (README, "Logs"). A filter on the console handler rather than MDC
 * set around each step: the flow's steps hop between the event loop and worker threads (Mutiny), and every line
 * about a run names it ({@code run <id>}, {@code cluster-xxxx}) already, whichever thread writes it. Lines that set
 * the fields themselves (the job's output, read on a thread per job) keep theirs. The pairs come from the runs'
 * events ({@link RunClusters}).
 */
@LoggingFilter(name = "sparkvar-run-fields")
public final class RunLogFields implements Filter {

    private static final Pattern RUN = Pattern.compile("\\brun ([a-z0-9]{12})\\b");
    private static final Pattern CLUSTER = Pattern.compile("\\b(cluster-[a-z0-9]{4})\\b");

    /** How many runs' clusters are remembered: lines about a run come on after its cluster is gone, so the
     *  pairs are kept beyond the deletion; the oldest go first. */
    private static final int REMEMBERED = 1000;

    /** Run id → cluster name, and back, for the newest runs. */
    static final Map<String, String> CLUSTER_OF_RUN = Collections.synchronizedMap(newest());
    static final Map<String, String> RUN_OF_CLUSTER = Collections.synchronizedMap(newest());

    private static Map<String, String> newest() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!(record instanceof ExtLogRecord ext) || ext.getMdc(RunStep.RUN_ID) != null) {
            return true;
        }
        String message = ext.getFormattedMessage();
        if (message == null || !(message.contains("run ") || message.contains("cluster-"))) {
            return true;
        }
        Matcher run = RUN.matcher(message);
        Matcher cluster = CLUSTER.matcher(message);
        String runId = run.find() ? run.group(1) : null;
        String clusterName = cluster.find() ? cluster.group(1) : null;
        if (runId == null && clusterName != null) {
            runId = RUN_OF_CLUSTER.get(clusterName);
        }
        if (clusterName == null && runId != null) {
            clusterName = CLUSTER_OF_RUN.get(runId);
        }
        if (runId != null) {
            ext.putMdc(RunStep.RUN_ID, runId);
        }
        if (clusterName != null) {
            ext.putMdc(RunStep.CLUSTER, clusterName);
        }
        return true;
    }
}
