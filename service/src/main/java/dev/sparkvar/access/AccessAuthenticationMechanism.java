package dev.sparkvar.access;

import dev.sparkvar.jobapi.JobEvents;
import dev.sparkvar.problem.HttpProblems;
import io.quarkus.logging.Log;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AnonymousAuthenticationRequest;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the credential of a request: {@code Authorization: Bearer <token>} (curl, scripts, this service's own
 * calls to its embedded oshinko API) or the browser's session cookie ({@link Sessions#COOKIE}); the
 * {@link AccessIdentityProvider} checks it. A request without one stays anonymous, and the permission policies
 * ({@code quarkus.http.auth.permission.*}) decide whether that is enough. The job's callbacks
 * ({@code /internal/}) carry their run's own token, checked by the runs feature, so they are not read here (and are
 * anonymous, so that no later mechanism reads them either).
 * <p>
 * With OIDC on ({@code quarkus.oidc.tenant-enabled=true} and {@code quarkus.oidc.auth-server-url}), a bearer token
 * shaped like a JWT that is none of the static tokens is left to {@code quarkus-oidc}'s mechanism, which runs after
 * this one ({@link #getPriority()}): both read {@code Authorization: Bearer}, and the first mechanism that fails a
 * token ends the request with 401. With OIDC off, every bearer token is checked here, as before.
 */
@Singleton
public class AccessAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String BEARER_TYPE = "bearer";
    static final String SESSION_TYPE = "session";
    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"sparkvar\"";
    private static final String CALLBACKS = JobEvents.CALLBACK_PREFIX;

    private final Sessions sessions;
    private final AccessTokens tokens;
    private final boolean oidc;

    public AccessAuthenticationMechanism(Sessions sessions, AccessTokens tokens,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean tenantEnabled,
            AccessConfig config) {
        List<String> userRoles = config.oidc().userRoles();
        this.sessions = sessions;
        this.tokens = tokens;
        // off (the default), quarkus-oidc's tenant makes no discovery, no JWKS request, no call out at all
        boolean issued = issuer.filter(url -> !url.isBlank()).isPresent();
        this.oidc = issued && tenantEnabled;
        if (issued && !tenantEnabled) {
            Log.warn("access: quarkus.oidc.auth-server-url is set but OIDC is off: bearer JWTs are refused until"
                    + " quarkus.oidc.tenant-enabled=true");
        } else if (oidc) {
            Log.infof("access: OIDC bearer tokens of %s, roles %s grant 'user'", issuer.get(), userRoles);
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (context.normalizedPath().startsWith(CALLBACKS)) {
            // Anonymous, not "no identity": that would pass the request on to quarkus-oidc's mechanism, which would
            // take the run's token for one of its own and refuse it (401) before JobCallbackAuth compares it.
            return identities.authenticate(AnonymousAuthenticationRequest.INSTANCE);
        }
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).trim();
            if (oidc && looksLikeJwt(token) && tokens.roles(token).isEmpty()) {
                return Uni.createFrom().nullItem(); // quarkus-oidc's to verify
            }
            return identities.authenticate(new AccessRequest(new TokenCredential(token, BEARER_TYPE)));
        }
        Cookie cookie = context.request().getCookie(Sessions.SECURE_COOKIE);
        if (cookie == null) {
            cookie = context.request().getCookie(Sessions.COOKIE);
        }
        if (cookie != null && sessions.valid(cookie.getValue())) {
            return identities.authenticate(new AccessRequest(
                    new TokenCredential(cookie.getValue(), SESSION_TYPE)));
        }
        // An expired or unknown session is no credential: anonymous, so that anonymous reading still works.
        return Uni.createFrom().nullItem();
    }

    /** A JWS in compact form: header, claims and signature, dot-separated (a static token has no dots). */
    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return first > 0 && second > first + 1 && second < token.length() - 1 && token.indexOf('.', second + 1) < 0;
    }

    /**
     * Before {@code quarkus-oidc}'s mechanism ({@code DEFAULT_PRIORITY + 1}): the static tokens and the session cookie
     * are recognised here first, and this mechanism's problem-JSON challenge is the one sent.
     */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 2;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
    }

    /** The challenge as problem JSON, like every other refusal, with {@code WWW-Authenticate: Bearer}. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        unauthorized(context, "a credential is required: 'Authorization: Bearer <token>'"
                + " (the token is in the service's token file or its configured tokens) or a session cookie from"
                + " POST /auth/session");
        return Uni.createFrom().item(true);
    }

    /** Every 401 of this service: the Bearer challenge and a problem document (also for {@link AccessFailures}). */
    static void unauthorized(RoutingContext context, String detail) {
        context.response().putHeader("WWW-Authenticate", CHALLENGE);
        HttpProblems.send(context, 401, "Unauthorized", detail);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(AccessRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, BEARER_TYPE));
    }
}
