package dev.sparkvar.jobapi;

/**
 * What the job reports, twice: as one JSON object per stdout line, {@code {"event": <name>, ...the body's
 * fields}}, and, when given a {@link JobOptions#CALLBACK}, as a POST of the same object (the result: the full
 * result document) to the callback base URL plus the event's path, with {@code Authorization: Bearer <token>}.
 *
 * <table>
 * <caption>events</caption>
 * <tr><th>event</th><th>body</th><th>path</th></tr>
 * <tr><td>{@value #PROGRESS}</td><td>{@link ProgressReport}</td><td>{@value #PROGRESS_PATH}</td></tr>
 * <tr><td>{@value #RESULT}</td><td>stdout: {@code output}, {@code var}; posted: the result document, checked as
 *     {@link JobResult}</td><td>{@value #RESULT_PATH}</td></tr>
 * <tr><td>{@value #ERROR}</td><td>{@link JobError}</td><td>{@value #ERROR_PATH}</td></tr>
 * </table>
 */
public final class JobEvents {

    /** The field of a stdout line that names its event. */
    public static final String FIELD = "event";
    /** Progress of the current phase and overall. */
    public static final String PROGRESS = "progress";
    /** The result: on stdout its file and VaR, posted as the whole document. */
    public static final String RESULT = "result";
    /** The failure the job exits non-zero with. */
    public static final String ERROR = "error";

    /** Callback path of {@link #PROGRESS}. */
    public static final String PROGRESS_PATH = "/" + PROGRESS;
    /** Callback path of {@link #RESULT}. */
    public static final String RESULT_PATH = "/" + RESULT;
    /** Callback path of {@link #ERROR}. */
    public static final String ERROR_PATH = "/" + ERROR;

    /**
     * Where the service takes a run's callbacks: the prefix of every callback path, outside the user API (its own
     * access rule, its own bearer token per run) and kept off the public host (kubernetes/routes-closed.yaml).
     */
    public static final String CALLBACK_PREFIX = "/internal/";
    /** The callback base of one run, a JAX-RS path template: {@link JobOptions#CALLBACK} is it with the id. */
    public static final String CALLBACK_RUN = CALLBACK_PREFIX + "runs/{id}";

    /** The callback base URL of run {@code id} on a service at {@code serviceBase} (no trailing slash). */
    public static String callbackBase(String serviceBase, String id) {
        return serviceBase + CALLBACK_RUN.replace("{id}", id);
    }

    /** The scheme of the callback's {@code Authorization} header, with its space. */
    public static final String BEARER = "Bearer ";

    private JobEvents() {
    }
}
