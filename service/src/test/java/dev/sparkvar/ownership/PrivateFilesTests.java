package dev.sparkvar.ownership;

import dev.sparkvar.testing.TestLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Files only the service's user may read, written durably, never through a link; a work folder that is not ours
 * alone is refused naming its setting; a ledger entry that cannot be read still names its process.
 */
class PrivateFilesTests {

    static final String KEY = "sparkvar.local.work-dir";

    @TempDir
    Path dir;

    @Test
    void foldersAre0700AndAnOpenOneOfOursIsTightened() throws IOException {
        Path nested = PrivateFiles.folder(dir.resolve("a/b/c"));
        assertEquals("rwx------", mode(nested));
        assertEquals("rwx------", mode(dir.resolve("a")));
        Path old = Files.createDirectory(dir.resolve("old"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFiles.folder(old);
        assertEquals("rwx------", mode(old));
    }

    @Test
    void atomicWritesAre0600AndReplaceALeftoverTempFile() throws IOException {
        Path target = dir.resolve("run.json");
        Files.writeString(dir.resolve("run.json.tmp"), "left by a crash");
        PrivateFiles.writeAtomically(target, true, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"a\":1}", Files.readString(target));
        assertEquals("rw-------", mode(target));
        assertFalse(Files.exists(dir.resolve("run.json.tmp")));
        PrivateFiles.write(dir.resolve("spark-defaults.conf"), "k v\n");
        assertEquals("rw-------", mode(dir.resolve("spark-defaults.conf")));
    }

    @Test
    void aLogIsCreatedFreshNeverThroughALinkNorIntoAnExistingFile() throws IOException {
        Path elsewhere = dir.resolve("elsewhere");
        Files.writeString(elsewhere, "someone's file\n");
        Path link = Files.createSymbolicLink(dir.resolve("master.log"), elsewhere);
        assertThrows(UncheckedIOException.class, () -> PrivateFiles.createFresh(link));
        Path dangling = Files.createSymbolicLink(dir.resolve("worker-1.log"), dir.resolve("not-yet"));
        assertThrows(UncheckedIOException.class, () -> PrivateFiles.createFresh(dangling));
        assertFalse(Files.exists(dir.resolve("not-yet")), "created through a dangling link");
        assertThrows(UncheckedIOException.class, () -> PrivateFiles.createFresh(elsewhere));
        assertEquals("someone's file\n", Files.readString(elsewhere));
        Path fresh = PrivateFiles.createFresh(dir.resolve("worker-2.log"));
        assertEquals("rw-------", mode(fresh));
    }

    @Test
    void aWorkFolderThatIsNotOursAloneIsRefusedNamingTheSetting() throws IOException {
        // absent: created 0700
        Path made = PrivateFiles.requirePrivateFolder(dir.resolve("sparkvar-local"), KEY);
        assertEquals("rwx------", mode(made));
        // ours but open to reading: tightened
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFiles.requirePrivateFolder(open, KEY);
        assertEquals("rwx------", mode(open));
        // a link (to a folder of ours, even): refused
        Path link = Files.createSymbolicLink(dir.resolve("link"), made);
        assertRefused(link, "symbolic link");
        // writable by others: someone may have planted files
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefused(shared, "others may write");
        // another user's (as /tmp/sparkvar-local made first by someone else): needs root to set up
        assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        assertRefused(theirs, "owned by");
    }

    @Test
    void anUnreadableLedgerEntryStillNamesItsProcess() throws IOException {
        Path owned = Files.createDirectories(dir.resolve(".owned"));
        Files.writeString(owned.resolve("00000000000000a1.json"), "");
        Files.writeString(owned.resolve("00000000000000a2.json"), "{\"id\":\"00000000000000a2\",\"gro");
        Files.writeString(owned.resolve("00000000000000a3.json.tmp"), "{\"id\":");
        Files.writeString(owned.resolve("not-an-id.json"), "");
        Ledger ledger = TestLedger.in(owned);
        Owned good = ledger.intend("cluster-x", "master", null);
        assertEquals("rw-------", mode(owned.resolve(good.id() + ".json")));
        assertEquals("rwx------", mode(owned));
        List<String> markers = ledger.entries().stream().map(Owned::marker).toList();
        assertEquals(4, markers.size(), markers.toString());
        assertEquals(java.util.Set.of(Ledger.MARKER + "00000000000000a1", Ledger.MARKER + "00000000000000a2",
                Ledger.MARKER + "00000000000000a3", good.marker()), java.util.Set.copyOf(markers));
        assertTrue(ledger.entries().stream().filter(o -> !o.id().equals(good.id()))
                .allMatch(o -> o.group().equals(Ledger.UNREADABLE)));
    }

    private static void assertRefused(Path folder, String why) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PrivateFiles.requirePrivateFolder(folder, KEY));
        assertTrue(e.getMessage().startsWith(KEY + "="), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path,
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
