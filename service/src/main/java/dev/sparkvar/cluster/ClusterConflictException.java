package dev.sparkvar.cluster;

/** Oshinko answered 409: a config error, an existing name, or an incomplete cluster. */
public class ClusterConflictException extends OshinkoException {

    public ClusterConflictException(String title, String details) {
        super(409, title, details);
    }
}
