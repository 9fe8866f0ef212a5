package dev.sparkvar.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * The policy of the API's GET endpoints ({@code quarkus.http.auth.permission.api-read.policy=sparkvar-read}): open
 * with {@code sparkvar.access.anonymous-read=true}, else the role {@link Roles#USER} is needed (an anonymous caller
 * gets 401, a credential without the role, such as the internal backend token, 403).
 */
@Singleton
public class ReadPolicy implements HttpSecurityPolicy {

    private final AccessConfig config;

    public ReadPolicy(AccessConfig config) {
        this.config = config;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext requestContext) {
        if (config.anonymousRead()) {
            return Uni.createFrom().item(CheckResult.PERMIT);
        }
        return identity.map(i -> mayRead(config, i) ? CheckResult.PERMIT : CheckResult.DENY);
    }

    /** The read rule, here and at the resources ({@link ReadAccess}): anonymous reading on, or the role user. */
    static boolean mayRead(AccessConfig config, SecurityIdentity identity) {
        return config.anonymousRead() || identity.hasRole(Roles.USER);
    }

    @Override
    public String name() {
        return "sparkvar-read";
    }
}
