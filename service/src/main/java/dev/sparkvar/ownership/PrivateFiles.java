package dev.sparkvar.ownership;

import io.quarkus.logging.Log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only the service's user may read: folders 0700, files 0600, created that way (never created open and
 * tightened after), never through a symbolic link. Runs hold holdings and results, the ledger holds PIDs, cluster
 * folders hold logs: the API wants a token for them, the disk must not give them away to every local user.
 * <p>
 * Durable writes ({@link #writeAtomically} with {@code durable}): temp file, {@code fsync}, atomic rename,
 * {@code fsync} of the folder; after a power loss the file is the old one or the new one, never empty or torn.
 */
public final class PrivateFiles {

    /** rwx------ */
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    /** rw------- */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and any missing parent 0700; an existing {@code dir} of ours is tightened to 0700 (one
     * made by an older version, 0755). Returns {@code dir}.
     */
    public static Path folder(Path dir) {
        try {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
                tighten(dir);
            } else {
                Files.createDirectories(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code target} with {@code content}, atomically (temp file and rename, in the same folder).
     * With {@code durable}, the content and the rename are on the disk before this returns.
     */
    public static void writeAtomically(Path target, boolean durable, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // left by a crash; CREATE_NEW below must not meet it
        try (FileChannel channel = FileChannel.open(tmp, createNew(), fileAttributes())) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(content);
            out.flush();
            if (durable) {
                channel.force(true);
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (durable) {
            syncFolder(target.toAbsolutePath().getParent());
        }
    }

    /** Writes a small file 0600 in place (not atomically): conf files the job reads once it starts. */
    public static void write(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            try (FileChannel channel = FileChannel.open(file, createNew(), fileAttributes())) {
                OutputStream out = Channels.newOutputStream(channel);
                out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates an empty file 0600 that did not exist: fails on an existing file or a link (a log must start fresh,
     * never be appended to a file someone planted, never be written through a link).
     */
    public static Path createFresh(Path file) {
        try {
            FileChannel.open(file, createNew(), fileAttributes()).close();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + " afresh: " + e.getMessage(), e);
        }
    }

    /** {@code fsync} of a folder, so that a rename or removal in it survives a power loss. */
    public static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems refuse to open a folder for it; the rename itself is still atomic
            Log.debugf("could not fsync the folder %s: %s", dir, e.getMessage());
        }
    }

    /**
     * A folder only we may use, for a setting that names one: created 0700 when absent; refused when it is a
     * symbolic link, is owned by another user or is writable by others (a file planted there would be ours to
     * trust); tightened to 0700 when it is ours but readable by others.
     *
     * @throws IllegalStateException naming {@code key}, when the folder cannot be ours alone
     */
    public static Path requirePrivateFolder(Path dir, String key) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(abs)) {
            throw refused(key, abs, "it is a symbolic link");
        }
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            folder(abs);
        }
        if (!POSIX) {
            return abs;
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(abs, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isDirectory()) {
                throw refused(key, abs, "it is not a folder");
            }
            if (!ownedByUs(abs)) {
                throw refused(key, abs, "it is owned by " + attributes.owner().getName() + ", not by this service's user");
            }
            Set<PosixFilePermission> perms = attributes.permissions();
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw refused(key, abs, "others may write to it (" + PosixFilePermissions.toString(perms) + ")");
            }
            tighten(abs);
            return abs;
        } catch (IOException e) {
            throw refused(key, abs, e.getMessage());
        }
    }

    private static IllegalStateException refused(String key, Path dir, String why) {
        return new IllegalStateException(key + "=" + dir + " cannot be used: " + why
                + "; name a folder of this service's user (created 0700 when absent), or leave " + key + " unset");
    }

    /** Whether {@code path} is owned by the user this JVM runs as (by uid: a container user may have no name). */
    static boolean ownedByUs(Path path) throws IOException {
        try {
            Object ours = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Object theirs = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return ours.equals(theirs);
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
        }
    }

    /** 0700 on a folder of ours that lets others in. */
    private static void tighten(Path dir) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (perms.stream().anyMatch(GROUP_OR_OTHER::contains) && ownedByUs(dir)) {
            Files.setPosixFilePermissions(dir, FOLDER);
        }
    }

    private static Set<OpenOption> createNew() {
        return Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }
}
