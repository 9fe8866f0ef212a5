package dev.sparkvar.cds;

import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.PrivateFiles;
import dev.sparkvar.spark.SparkInstall;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Class data sharing for the Spark JVMs we start (issue 19): most of a Spark JVM's start is loading and verifying
 * thousands of Spark and Scala classes, which a dynamic AppCDS archive maps ready-made (a master's start 3.4 → 2.0 s
 * here, {@code bench/cds.sh}). Java 17 has no automatic archive, so this makes them: the first JVM of each
 * {@link Kind} is started with {@code -XX:ArchiveClassesAtExit} to a temporary name and writes its archive when it
 * exits; a later start of that kind finds it, checks it once in a throwaway JVM ({@code -Xshare:on}: it maps, its
 * class path matches, it is complete) and moves it atomically into place; every start after that maps it.
 * <p>
 * The rules, because an archive is code the JVMs trust: the folder is this service's alone (0700, files 0600); an
 * archive's name carries a digest of the java it was made by and of every jar it covers (name, size, time), so a new
 * JDK or a rebuilt spark-home never meets an old archive; one process (for executors: one application's executors,
 * each its own file) makes an archive at a time, never to the final name; a file is used only if it was checked and
 * is unchanged since (a truncated archive crashes a JVM even with {@code -Xshare:auto}: seen with SIGBUS); anything
 * that goes wrong here only costs speed: the JVM starts without an archive, never fails.
 */
@ApplicationScoped
public class ClassArchives {

    /** The process kinds, each with its own archive: they load different classes. */
    public enum Kind {
        MASTER, WORKER, EXECUTOR, DRIVER;

        String prefix() {
            return name().toLowerCase(Locale.ROOT) + "-";
        }
    }

    /** Spark's placeholders in executor options: each executor of an application dumps to its own file. */
    static final String PER_EXECUTOR = "-{{APP_ID}}-{{EXECUTOR_ID}}";
    private static final String SETTING = "sparkvar.class-sharing.dir";
    /** How long a claim stands without a live maker: the time between handing out the option and the JVM's start. */
    private static final Duration CLAIM_GRACE = Duration.ofMinutes(1);

    private final ClassSharingConfig config;
    private final ArchiveIdentity identity;
    private final ArchiveCheck check;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile Path folder;
    private volatile boolean off;

    /** Outside the service (a test's own archives, the tests' build step): its check JVMs go unrecorded. */
    public ClassArchives(ClassSharingConfig config, SparkInstall spark) {
        this(config, spark, null);
    }

    /** The service's: each check JVM is in the ledger while it runs, as every process the service starts. */
    @Inject
    public ClassArchives(ClassSharingConfig config, SparkInstall spark, Ledger ledger) {
        this.config = config;
        this.identity = new ArchiveIdentity(spark);
        this.check = new ArchiveCheck(spark, identity, ledger);
        this.off = !config.enabled();
    }

    /** One archive name's state: the file last checked, or the one being made. */
    private static final class Slot {
        /** Size and time of the archive as checked; a changed file is checked again. */
        long checkedSize = -1;
        FileTime checkedTime;
        /** The name prefix a maker writes to, and since when; null when nothing is being made. */
        String making;
        Instant since;
    }

    /**
     * The JVM options for a process of {@code kind} started from this install: {@code -XX:SharedArchiveFile} when
     * its archive is ready, {@code -XX:ArchiveClassesAtExit} when this process is to make it, or none (class sharing
     * off, the archive being made by another process, or something wrong here, logged). Blocking: it may run a short
     * JVM to check a new archive.
     */
    public List<String> options(Kind kind) {
        if (off) {
            return List.of();
        }
        try {
            Path dir = folder();
            if (dir == null) {
                return List.of();
            }
            String name = kind.prefix() + identity.digest(kind);
            Slot slot = slots.computeIfAbsent(name, n -> new Slot());
            synchronized (slot) {
                return options(dir, name, kind, slot);
            }
        } catch (IOException | RuntimeException e) {
            Log.warnf("class sharing skipped for a Spark %s: %s", kind.name().toLowerCase(Locale.ROOT), e.getMessage());
            return List.of();
        }
    }

    private List<String> options(Path dir, String name, Kind kind, Slot slot) throws IOException {
        Path archive = dir.resolve(name + ".jsa");
        if (Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
            if (unchanged(archive, slot) || checked(archive, kind, slot)) {
                return use(archive);
            }
            Log.warnf("class-sharing archive %s does not map (corrupt or mismatched): removed, a new one will be made",
                    archive);
            Files.deleteIfExists(archive);
        }
        if (slot.making != null) {
            List<Path> made = made(dir, slot.making);
            for (Path candidate : made) {
                if (checked(candidate, kind, slot)) {
                    publish(candidate, archive, slot);
                    for (Path other : made) {
                        Files.deleteIfExists(other);
                    }
                    removeStale(dir, kind, archive);
                    Log.infof("class-sharing archive for the Spark %s ready: %s (%d MB)",
                            kind.name().toLowerCase(Locale.ROOT), archive, Files.size(archive) >> 20);
                    return use(archive);
                }
            }
            Instant now = Instant.now();
            if (now.isBefore(slot.since.plus(config.makeTimeout()))
                    && (now.isBefore(slot.since.plus(CLAIM_GRACE)) || makerAlive(slot.making))) {
                return List.of(); // its maker may still be running: it writes at its exit
            }
            for (Path stale : made) {
                Files.deleteIfExists(stale);
            }
        }
        slot.making = name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        slot.since = Instant.now();
        String file = dir.resolve(slot.making + (kind == Kind.EXECUTOR ? PER_EXECUTOR : "") + ".tmp").toString();
        // VerifySharedSpaces: the archive carries checksums, which the check below verifies
        return List.of("-XX:ArchiveClassesAtExit=" + file, "-XX:+VerifySharedSpaces");
    }

    /**
     * Whether a process of ours still has {@code making} on its command line: a maker that is still running (or a
     * driver whose executors may still start). One stopped before it could write (a worker stopped while it
     * started, a JVM killed) leaves none, and the next start makes the archive instead of waiting for
     * {@code make-timeout}.
     */
    private static boolean makerAlive(String making) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.anyMatch(p -> p.info().arguments()
                    .map(args -> java.util.Arrays.stream(args).anyMatch(a -> a.contains(making))).orElse(false));
        }
    }

    private static List<String> use(Path archive) {
        return List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + archive);
    }

    /** The folder, made private at first use; null (class sharing off, said once) when it cannot be ours alone. */
    private Path folder() throws IOException {
        Path dir = folder;
        if (dir != null) {
            return dir;
        }
        synchronized (this) {
            if (folder == null && !off) {
                try {
                    Path made = PrivateFiles.requirePrivateFolder(config.dir(), SETTING);
                    // what a maker of an earlier service process left is never trusted
                    try (Stream<Path> files = Files.list(made)) {
                        for (Path left : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
                            Files.deleteIfExists(left);
                        }
                    }
                    folder = made;
                } catch (IllegalStateException | UncheckedIOException e) {
                    off = true;
                    Log.warnf("class sharing off: %s", e.getMessage());
                }
            }
            return folder;
        }
    }

    private static boolean unchanged(Path archive, Slot slot) throws IOException {
        BasicFileAttributes a = Files.readAttributes(archive, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.size() == slot.checkedSize && a.lastModifiedTime().equals(slot.checkedTime);
    }

    /** Whether {@link ArchiveCheck} passes {@code archive}; remembers the size and time it checked. */
    private boolean checked(Path archive, Kind kind, Slot slot) throws IOException {
        Optional<BasicFileAttributes> sound = check.sound(archive, kind);
        sound.ifPresent(a -> {
            slot.checkedSize = a.size();
            slot.checkedTime = a.lastModifiedTime();
        });
        return sound.isPresent();
    }

    /** 0600 (the JVM writes 0444), then moved into place in one step: a reader sees the whole file or none. */
    private static void publish(Path made, Path archive, Slot slot) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(made, PrivateFiles.FILE);
        }
        try {
            Files.move(made, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(made, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        slot.making = null;
        slot.since = null;
    }

    /** The files a maker (or an application's executors) wrote under {@code prefix}. */
    private static List<Path> made(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".tmp") && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS);
            }).sorted().toList();
        }
    }

    /** Archives of this kind for another JDK or another build: never used again. */
    private static void removeStale(Path dir, Kind kind, Path current) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith(kind.prefix()) && n.endsWith(".jsa") && !f.equals(current)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
