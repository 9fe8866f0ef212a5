package dev.sparkvar.cds;

import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.Owned;
import dev.sparkvar.spark.ChildEnvironment;
import dev.sparkvar.spark.SparkInstall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether a class-sharing archive is sound, asked of a throwaway JVM before any start of ours maps it
 * ({@link ClassArchives}): a truncated archive crashes the JVM that maps it, so ours never meets one unchecked.
 */
final class ArchiveCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final SparkInstall spark;
    private final ArchiveIdentity identity;
    /** Null outside the service: the check JVM then goes unrecorded. */
    private final Ledger ledger;

    ArchiveCheck(SparkInstall spark, ArchiveIdentity identity, Ledger ledger) {
        this.spark = spark;
        this.identity = identity;
        this.ledger = ledger;
    }

    /**
     * The archive's size and time as checked, if a JVM maps it with sharing required ({@code -Xshare:on}): the file is
     * complete and its checksums hold, the JVM is the one that made it, the jars it covers are unchanged, and it did
     * not change while checked. A throwaway {@code java -version}, so that a bad archive crashes nothing of ours.
     */
    Optional<BasicFileAttributes> sound(Path archive, ClassArchives.Kind kind) throws IOException {
        BasicFileAttributes before = Files.readAttributes(archive, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!before.isRegularFile() || before.size() == 0) {
            return Optional.empty();
        }
        // with the flags of every Spark JVM (sparkvar.job.jvm-options: a GC, a compiler setting), as they will map it
        List<String> command = new ArrayList<>(List.of(spark.java().toString()));
        command.addAll(spark.javaOptions());
        command.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-XX:+VerifySharedSpaces",
                "-XX:ErrorFile=/dev/null", "-XX:-CreateCoredumpOnCrash", "-cp", identity.classPath(kind), "-version"));
        // in the ledger with our marker while it runs (at most TIMEOUT): a sweep after a crash stops it too
        Owned owned = ledger == null ? null : ledger.intend("(class-sharing)", "archive-check", null);
        if (owned != null) {
            command.add(1, owned.marker());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(archive.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        ChildEnvironment.clean(builder.environment());
        Process check;
        try {
            check = builder.start();
        } catch (IOException e) {
            forget(owned);
            throw e;
        }
        if (owned != null) {
            owned = ledger.started(owned, check.toHandle());
        }
        try {
            if (!check.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (check.isAlive()) {
                check.destroyForcibly();
                check.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
            }
            if (!check.isAlive()) { // one still alive stays recorded: the next sweep stops it
                forget(owned);
            }
        }
        if (check.exitValue() != 0) {
            return Optional.empty();
        }
        BasicFileAttributes after = Files.readAttributes(archive, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (after.size() != before.size() || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
            return Optional.empty(); // still being written
        }
        return Optional.of(after);
    }

    private void forget(Owned owned) {
        if (owned != null) {
            ledger.forget(owned);
        }
    }
}
