package dev.sparkvar.access;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.Set;

/**
 * The service's roles of a caller who came with an OIDC bearer token (verified by {@code quarkus-oidc}, which reads
 * the token's roles from {@code quarkus.oidc.roles.role-claim-path}): {@link Roles#USER} when one of them is in
 * {@code sparkvar.access.oidc.user-roles}, else none, so that the path policies answer 403. The token's own role
 * names are dropped rather than added to (which is what {@code quarkus.http.auth.roles-mapping} would do): a realm
 * role called {@code backend} or {@code user} must grant nothing by its name, and {@link Roles#BACKEND} stays with
 * this service's own tokens ({@link AccessTokens}). Identities of the static tokens and sessions pass unchanged.
 */
@Singleton
public class OidcRoles implements SecurityIdentityAugmentor {

    private final AccessConfig config;

    public OidcRoles(AccessConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getCredential(AccessTokenCredential.class) == null) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(mapped(identity, config.oidc().userRoles()));
    }

    /** {@code identity} with {@link Roles#USER} if it holds one of {@code userRoles}, else with no role at all. */
    static SecurityIdentity mapped(SecurityIdentity identity, java.util.List<String> userRoles) {
        Set<String> tokenRoles = identity.getRoles();
        boolean user = userRoles.stream().map(String::trim).anyMatch(tokenRoles::contains);
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .setAnonymous(false);
        if (user) {
            builder.addRole(Roles.USER);
        }
        return builder.build();
    }
}
