package dev.sparkvar.access;

/**
 * The service's roles. {@link #USER} is every API caller's (a configured or generated token, a browser session);
 * {@link #BACKEND} is the embedded backend's doors' ({@code /oshinko}, {@code /local-graphite}): this service's own
 * per-process token and the tokens of {@code sparkvar.access.backend-tokens}. Neither implies the other: a user
 * token cannot create clusters outside admission, and the internal token cannot read or start runs.
 */
public final class Roles {

    public static final String USER = "user";
    public static final String BACKEND = "backend";

    private Roles() {
    }
}
