package dev.sparkvar.cds;

import dev.sparkvar.spark.SparkInstall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a class-sharing archive is made from, apart from {@link ClassArchives}' bookkeeping of who makes and checks it:
 * the class path whose classes it holds, and a digest of everything that must not change under it (the JVM, its
 * flags, every jar), which names the archive so that a stale one is never handed out.
 */
final class ArchiveIdentity {

    private final SparkInstall spark;

    ArchiveIdentity(SparkInstall spark) {
        this.spark = spark;
    }

    /**
     * What a process of {@code kind} has at the front of its class path, where its archived classes come from:
     * the job jar (its manifest names the spark-home jars) or the spark-home jars. The rest of a class path (a conf
     * folder) must come after them: a JVM refuses to dump classes past a non-empty folder.
     */
    String classPath(ClassArchives.Kind kind) {
        return kind == ClassArchives.Kind.DRIVER ? spark.jobJar().toString() : spark.jars();
    }

    /** The archive's identity: the kind, the JVM (its files' sizes and times) and every jar it covers. */
    String digest(ClassArchives.Kind kind) throws IOException {
        MessageDigest sha = sha256();
        Path java = spark.java().toRealPath();
        Path home = java.getParent().getParent();
        add(sha, kind.name());
        add(sha, String.join(" ", spark.javaOptions()));
        add(sha, java, home.resolve("lib/server/libjvm.so"), home.resolve("lib/modules"), home.resolve("release"));
        if (kind == ClassArchives.Kind.DRIVER) {
            add(sha, spark.jobJar());
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(spark.sparkHome().resolve("jars"))) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        add(sha, jars.toArray(Path[]::new));
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    private static void add(MessageDigest sha, Path... files) throws IOException {
        List<String> parts = new ArrayList<>();
        for (Path f : files) {
            if (Files.exists(f)) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                parts.add(f.toAbsolutePath() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis());
            } else {
                parts.add(f.toAbsolutePath() + "|-");
            }
        }
        add(sha, String.join("\n", parts));
    }

    private static void add(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
