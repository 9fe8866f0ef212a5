package dev.sparkvar.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Who may call the API ({@code sparkvar.access.*}): the tokens, anonymous reading, the host names served. */
@ConfigMapping(prefix = "sparkvar.access")
public interface AccessConfig {

    /**
     * The accepted bearer tokens, e.g. from a Kubernetes Secret through the environment variable
     * {@code SPARKVAR_ACCESS_TOKENS} (comma-separated). Default none: then the service uses the token in
     * {@link #tokenFile()}, creating it at first start.
     */
    Optional<List<String>> tokens();

    /**
     * Tokens with the role {@code backend} only: they drive the embedded backend's doors ({@code /oshinko},
     * {@code /local-graphite}) and nothing else, e.g. for an operator's maintenance script. Default none: only this
     * service's own per-process token has that role. A token listed here and in {@link #tokens()} has both roles.
     */
    Optional<List<String>> backendTokens();

    /**
     * Where the generated token is kept when no {@link #tokens()} are configured: created at first start with a
     * random 256-bit token, readable by its owner only (POSIX 0600). Default {@code data/access-token}.
     */
    @WithDefault("data/access-token")
    Path tokenFile();

    /** Whether GET requests of the API are answered without a credential. Default false. */
    @WithDefault("false")
    boolean anonymousRead();

    /**
     * The host names (of the {@code Host} header) the service answers for, against DNS rebinding; {@code *} =
     * any (behind a Route or an Ingress, which choose the host themselves). Default {@code localhost},
     * {@code 127.0.0.1}, {@code [::1]} and {@code quarkus.http.host} when it names one host.
     */
    Optional<List<String>> hosts();

    /** How long a browser session ({@code POST /auth/session}) lasts. Default 8 hours. */
    @WithDefault("8h")
    Duration sessionTimeout();

    /**
     * The Spark masters a run in {@code mode: master} may use ({@code spark://host:port}), besides the clusters
     * this service created itself. Default none.
     */
    Optional<List<String>> allowedMasters();

    /** {@code sparkvar.access.oidc.*}: what an OIDC bearer token's roles grant here (README, Access). */
    Oidc oidc();

    /**
     * OIDC bearer tokens are verified by {@code quarkus-oidc} ({@code quarkus.oidc.auth-server-url} turns them on; its
     * {@code quarkus.oidc.roles.role-claim-path} says where a token's roles are); this group says which of those
     * roles are worth {@link Roles#USER} here. A token's roles are never the service's roles as they are: an issuer
     * whose realm happens to have a role named {@code backend} must not open the embedded backend's doors.
     */
    interface Oidc {

        /**
         * The roles in a token's role claim that grant {@link Roles#USER} (any one of them suffices). Default
         * {@code sparkvar-user}.
         */
        @WithDefault("sparkvar-user")
        List<String> userRoles();
    }
}
