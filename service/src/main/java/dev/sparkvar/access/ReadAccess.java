package dev.sparkvar.access;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The read rule again, at the resources ({@link ApiRead}): a method marked so is answered to a caller with the role
 * {@link Roles#USER}, or to anyone with {@code sparkvar.access.anonymous-read=true}. The path rule
 * ({@link ReadPolicy}) says the same; this one holds however the path was written, since it belongs to the method
 * the router chose. (Quarkus' {@code @PermissionsAllowed} would refuse an anonymous caller before asking a checker,
 * and anonymous reading is a setting.)
 */
@Singleton
public class ReadAccess {

    // Both looked up per request: REST filters are built while the application starts, before the configuration
    // mapping can be injected (a constructor parameter failed the start with SRCFG00027).
    @Inject
    Instance<AccessConfig> config;

    @Inject
    SecurityIdentity identity;

    @ApiRead
    @ServerRequestFilter
    public void check() {
        if (ReadPolicy.mayRead(config.get(), identity)) {
            return;
        }
        throw identity.isAnonymous() ? new UnauthorizedException() : new ForbiddenException();
    }
}
