package dev.sparkvar.job;

/**
 * One progress report: {@code {"event":"progress","phase":"simulating","tasksDone":3,"tasksTotal":8,"percent":37.5}}.
 *
 * @param phase the current phase's key
 * @param tasksDone Spark tasks of this phase finished so far
 * @param tasksTotal Spark tasks of this phase submitted so far
 * @param percent overall job progress, 0 to 100, never decreasing
 */
public record ProgressEvent(String event, String phase, int tasksDone, int tasksTotal, double percent) {
    public ProgressEvent(String phase, int tasksDone, int tasksTotal, double percent) {
        this("progress", phase, tasksDone, tasksTotal, percent);
    }
}
