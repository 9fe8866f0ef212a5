package dev.sparkvar.cluster;

/** Oshinko answered 404: no such cluster. */
public class ClusterNotFoundException extends OshinkoException {

    public ClusterNotFoundException(String title, String details) {
        super(404, title, details);
    }
}
