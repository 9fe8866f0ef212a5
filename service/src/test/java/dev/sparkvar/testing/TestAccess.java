package dev.sparkvar.testing;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.util.Map;

/**
 * The test token ({@code %test.sparkvar.access.tokens} in application.properties) on every RestAssured request
 * that carries no credential of its own, so that tests about other things need not care about access. A test
 * about access sends {@link #ANONYMOUS} to go without. Job callbacks ({@code /internal/}) are left alone: they
 * carry their run's token, and their tests check requests without it.
 */
public final class TestAccess implements Filter {

    /** The token every test service accepts; the same as in application.properties. */
    public static final String TOKEN = "test-token-0123456789abcdef0123456789abcdef";

    /** A request header that makes this filter send the request without a credential (the header is dropped). */
    public static final String ANONYMOUS = "X-Test-Anonymous";

    /** The token with the role backend ({@code %test.sparkvar.access.backend-tokens}): the embedded backend's doors. */
    public static final String BACKEND_TOKEN = "test-backend-token-0123456789abcdef0123456789";

    /**
     * The test credential a request for {@code path} needs: the backend token for the embedded backend's doors
     * ({@code /oshinko}, {@code /local-graphite}: role backend), the user token for everything else.
     */
    public static String authorizationFor(String path) {
        boolean door = path.startsWith("/oshinko") || path.startsWith("/local-graphite");
        return door ? "Bearer " + BACKEND_TOKEN : authorization();
    }

    /** {@code Authorization: Bearer <test token>}. */
    public static String authorization() {
        return "Bearer " + TOKEN;
    }

    /** The header for clients other than RestAssured ({@link SseClient}, {@link ServiceProcess}). */
    public static Map<String, String> headers() {
        return Map.of("Authorization", authorization());
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        if (request.getHeaders().hasHeaderWithName(ANONYMOUS)) {
            request.removeHeader(ANONYMOUS);
        } else if (java.net.URI.create(request.getURI()).getPath().startsWith("/internal/")) {
            // the job's callbacks: their own per-run bearer token (or none, when a test checks that case)
        } else if (!request.getHeaders().hasHeaderWithName("Authorization")
                && !request.getHeaders().hasHeaderWithName("Cookie") && request.getCookies().size() == 0) {
            request.header("Authorization", authorizationFor(java.net.URI.create(request.getURI()).getPath()));
        }
        return context.next(request, response);
    }
}
