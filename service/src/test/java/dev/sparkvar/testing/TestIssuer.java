package dev.sparkvar.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An OIDC issuer as far as a resource server sees one: a real HTTP server on 127.0.0.1 serving the discovery document
 * ({@code /.well-known/openid-configuration}) and the JWKS with the public half of an RSA key made at start. Tokens
 * are RS256 JWS signed here with the JDK (the Quarkus OIDC test server is not available in this build).
 */
public final class TestIssuer implements AutoCloseable {

    public static final String REALM = "/realms/sparkvar";
    public static final String KEY_ID = "test-key-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final KeyPair key = rsa();
    private final String url;

    private TestIssuer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        url = "http://127.0.0.1:" + server.getAddress().getPort() + REALM;
        server.createContext(REALM + "/.well-known/openid-configuration", exchange -> send(exchange, Map.of(
                "issuer", url,
                "jwks_uri", url + "/protocol/openid-connect/certs",
                "id_token_signing_alg_values_supported", List.of("RS256"))));
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        server.createContext(REALM + "/protocol/openid-connect/certs", exchange -> send(exchange, Map.of("keys",
                List.of(Map.of("kty", "RSA", "kid", KEY_ID, "use", "sig", "alg", "RS256",
                        "n", unsigned(publicKey.getModulus()), "e", unsigned(publicKey.getPublicExponent()))))));
        server.start();
    }

    public static TestIssuer start() {
        try {
            return new TestIssuer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer: {@code iss} of its tokens and {@code quarkus.oidc.auth-server-url}. */
    public String url() {
        return url;
    }

    /** {@code claims} signed with this issuer's key, under its key id. */
    public String sign(Map<String, Object> claims) {
        return sign(claims, key.getPrivate(), KEY_ID);
    }

    /** {@code claims} signed with {@code privateKey} (RS256), the header naming {@code keyId}. */
    public static String sign(Map<String, Object> claims, PrivateKey privateKey, String keyId) {
        try {
            String header = B64.encodeToString(
                    JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", keyId)));
            String payload = B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(privateKey);
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + B64.encodeToString(rs256.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh 2048-bit RSA key pair. */
    public static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return B64.encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
    }

    private static void send(HttpExchange exchange, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
