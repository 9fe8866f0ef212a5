package dev.sparkvar.access;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The bearer tokens this service accepts: the configured ones (a Secret), else the one in the token file, created
 * at first start; plus a per-process internal token with which this service calls its own embedded oshinko API.
 * Only SHA-256 digests are kept and compared ({@link MessageDigest#isEqual}, constant time); no token is ever
 * logged, only where the file is.
 */
@Startup // the token file exists, and its place is logged, as soon as the service is up
@Singleton
public class AccessTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Digests of the tokens with the role {@link Roles#USER}. */
    private final List<byte[]> users = new ArrayList<>();
    /** Digests of the tokens with the role {@link Roles#BACKEND}: ours, plus the configured backend tokens. */
    private final List<byte[]> backends = new ArrayList<>();
    private final String internal = random();

    public AccessTokens(AccessConfig config) {
        List<String> configured = nonBlank(config.tokens());
        if (configured.isEmpty()) {
            users.add(digest(fromFile(config.tokenFile())));
        } else {
            configured.forEach(t -> users.add(digest(t)));
            Log.infof("access: %d configured token(s) (sparkvar.access.tokens)", configured.size());
        }
        List<String> backend = nonBlank(config.backendTokens());
        backend.forEach(t -> backends.add(digest(t)));
        if (!backend.isEmpty()) {
            Log.infof("access: %d backend token(s) (sparkvar.access.backend-tokens)", backend.size());
        }
        backends.add(digest(internal));
    }

    private static List<String> nonBlank(java.util.Optional<List<String>> tokens) {
        return tokens.orElse(List.of()).stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    /** Whether {@code token} is one of the user tokens (the API's); compared in constant time. */
    public boolean accepts(String token) {
        return roles(token).contains(Roles.USER);
    }

    /**
     * The roles {@code token} holds: {@link Roles#USER}, {@link Roles#BACKEND}, both, or none (an unknown token).
     * Every digest is compared, each in constant time, whatever matches first.
     */
    public Set<String> roles(String token) {
        if (token == null || token.isEmpty()) {
            return Set.of();
        }
        byte[] given = digest(token);
        boolean user = matches(given, users);
        boolean backend = matches(given, backends);
        return user && backend ? Set.of(Roles.USER, Roles.BACKEND)
                : user ? Set.of(Roles.USER) : backend ? Set.of(Roles.BACKEND) : Set.of();
    }

    private static boolean matches(byte[] given, List<byte[]> digests) {
        boolean match = false;
        for (byte[] d : digests) {
            match |= MessageDigest.isEqual(given, d);
        }
        return match;
    }

    /** {@code Bearer <token>} for this service's calls to itself (the embedded oshinko API); never persisted. */
    public String internalAuthorization() {
        return "Bearer " + internal;
    }

    /** A random 256-bit token, URL-safe Base64 without padding (43 characters). */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Reads the token file, creating it (0600 from its first byte: no window where others may read it). */
    static String fromFile(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            try {
                String token = random();
                Files.createFile(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.writeString(absolute, token + "\n");
                Log.infof("access: created a token in %s (readable by this user only); send it as"
                        + " 'Authorization: Bearer <token>' or sign in on the web page with it", absolute);
                return token;
            } catch (FileAlreadyExistsException e) {
                String token = Files.readString(absolute).trim();
                if (token.isEmpty()) {
                    throw new IllegalStateException("the access token file " + absolute + " is empty");
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(absolute);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    Log.warnf("access: %s is readable by others (%s): chmod 600 it", absolute,
                            PosixFilePermissions.toString(permissions));
                }
                Log.infof("access: the token is in %s", absolute);
                return token;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the access token file " + absolute, e);
        }
    }
}
