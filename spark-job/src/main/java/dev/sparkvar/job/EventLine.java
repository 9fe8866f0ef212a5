package dev.sparkvar.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkvar.jobapi.JobError;
import dev.sparkvar.jobapi.JobEvents;
import dev.sparkvar.jobapi.ProgressReport;

/**
 * The JSON the job prints on stdout, one object per line, and posts to its callback:
 * {@code {"event": <name>, ...the body record's fields}} (names in {@link JobEvents}).
 */
final class EventLine {
    private EventLine() {
    }

    /** {@code {"event":"progress","phase":…,"tasksDone":…,"tasksTotal":…,"percent":…}}. */
    static String progress(ProgressReport report) {
        return of(JobEvents.PROGRESS, report);
    }

    /** {@code {"event":"error","exitCode":…,"message":…}}. */
    static String error(JobError error) {
        return of(JobEvents.ERROR, error);
    }

    /** {@code {"event": event}} followed by the fields of {@code body} in declaration order. */
    static String of(String event, Object body) {
        ObjectNode line = VarJob.JSON.createObjectNode().put(JobEvents.FIELD, event);
        line.setAll((ObjectNode) VarJob.JSON.valueToTree(body));
        return VarJob.toJson(line);
    }
}
