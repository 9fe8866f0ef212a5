package dev.sparkvar.cluster;

/**
 * An oshinko call that failed: the HTTP status and the server's own title and details, or a 502/503/504-like
 * status with our words when the reply was malformed, the server unreachable or too slow.
 */
public class OshinkoException extends RuntimeException {

    private final int status;
    private final String title;
    private final String details;

    public OshinkoException(int status, String title, String details) {
        this(status, title, details, null);
    }

    public OshinkoException(int status, String title, String details, Throwable cause) {
        super(title + " (" + status + "): " + details, cause);
        this.status = status;
        this.title = title;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String details() {
        return details;
    }

    /** Whether repeating the same safe call may succeed: server errors, unreachable server, timeout. */
    public boolean transientFailure() {
        return status >= 500;
    }
}
