package dev.sparkvar.access;

import jakarta.annotation.security.PermitAll;
import dev.sparkvar.problem.ProblemException;
import dev.sparkvar.problem.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Browser sign-in. {@code EventSource} cannot send an {@code Authorization} header, and a token in the URL would
 * end up in access logs, proxies and the browser's history; so the page trades the token for a session cookie
 * once: {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other site's page sends it, so no
 * cross-site request can use it), {@code Path=/}, {@code Secure} when served over HTTPS, and held server-side
 * ({@link Sessions}), so signing out or a restart ends it.
 */
@Path("/auth/session")
@PermitAll // signing in is what a caller without a credential does
@Tag(name = "access")
@CustomDeserialization(StrictJson.class)
public class SessionResource {

    private final AccessTokens tokens;
    private final Sessions sessions;

    public SessionResource(AccessTokens tokens, Sessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in", description = "{\"token\": \"...\"} → 204 with an HttpOnly, SameSite=Strict session cookie; 401 for a wrong token.")
    public RestResponse<Void> start(@Valid @NotNull SessionRequest request, HttpHeaders headers, UriInfo uri) {
        if (!tokens.accepts(request.token())) {
            throw new ProblemException(401, "Unauthorized", "the token is not accepted");
        }
        String id = sessions.start();
        return RestResponse.ResponseBuilder.<Void>noContent()
                .cookie(cookie(id, (int) sessions.timeout().toSeconds(), secure(headers, uri))).build();
    }

    @DELETE
    @Operation(summary = "Sign out", description = "Ends the session and clears its cookie; 204 also without one.")
    public RestResponse<Void> end(@CookieParam(Sessions.COOKIE) String id,
            @CookieParam(Sessions.SECURE_COOKIE) String secureId, HttpHeaders headers, UriInfo uri) {
        sessions.end(id);
        sessions.end(secureId);
        return RestResponse.ResponseBuilder.<Void>noContent().cookie(cookie("", 0, secure(headers, uri))).build();
    }

    private static NewCookie cookie(String value, int maxAge, boolean secure) {
        return new NewCookie.Builder(secure ? Sessions.SECURE_COOKIE : Sessions.COOKIE).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure(secure).build();
    }

    /** HTTPS directly or at the edge (an OpenShift Route terminating TLS says so in X-Forwarded-Proto). */
    private static boolean secure(HttpHeaders headers, UriInfo uri) {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme())
                || "https".equalsIgnoreCase(headers.getHeaderString("X-Forwarded-Proto"));
    }
}
