package dev.sparkvar.ownership;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The durable record of every process the service starts: written before the process starts (so a crash in
 * between still leaves a trace), completed with its PID and start time, removed once it is gone. After a crash
 * the {@link Sweep} reads it back. One file per process ({@code <id>.json}, 0600 in a 0700 folder), written with an
 * atomic rename after an {@code fsync} of the file, then of the folder: an entry counts (the process may start) only
 * once it would survive a power loss. An entry that cannot be read all the same (a disk that lied, a hand edit) still
 * names its process: the file name is the id, and the id is the marker on the process's command line.
 */
@ApplicationScoped
public class Ledger {

    /** Prefix of the marker option on our processes' command lines. */
    // not -Dspark...: Spark refuses extraJavaOptions that look like Spark settings
    public static final String MARKER = "-Downed.by.sparkvar=";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final ObjectMapper json;

    public Ledger(OwnershipConfig config, ObjectMapper json) {
        this.dir = config.dir().toAbsolutePath().normalize();
        this.json = json;
    }

    /**
     * Records a process about to start; put {@link Owned#marker()} on its command line. Fails (and nothing should
     * start) when the record cannot be written: an unrecorded process could outlive us unnoticed.
     */
    public Owned intend(String group, String role, Path workDir) {
        Owned owned = new Owned(HexFormat.of().formatHex(bytes()),
                group, role, null, null, workDir == null ? null : workDir.toAbsolutePath().toString());
        write(owned);
        return owned;
    }

    /** Completes the record with the started process's PID and start time. */
    public Owned started(Owned owned, ProcessHandle process) {
        Owned done = owned.started(process);
        write(done);
        return done;
    }

    /** Forgets a process that is gone (and its folder, which the caller removed or keeps on purpose). */
    public void forget(Owned owned) {
        try {
            Files.deleteIfExists(file(owned.id()));
            Files.deleteIfExists(dir.resolve(owned.id() + ".json.tmp"));
        } catch (IOException e) {
            Log.warnf("could not remove ledger entry %s: %s", owned.id(), e.getMessage());
        }
    }

    /**
     * Every recorded process. An unreadable entry (empty, torn) is not skipped: it comes back as what its file name
     * still says, its id (hence its marker), with the group {@link #UNREADABLE} and nothing else; so is a
     * {@code <id>.json.tmp} left without its entry (a crash between the write and the rename of its first record).
     */
    public List<Owned> entries() {
        List<Owned> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        PrivateFiles.folder(dir); // 0700, also when an older version made it 0755
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".json")) {
                String id = name.substring(0, name.length() - ".json".length());
                try {
                    Owned owned = json.readValue(f.toFile(), Owned.class);
                    if (owned == null || owned.id() == null) {
                        throw new IOException("no id in it");
                    }
                    all.add(owned);
                } catch (IOException e) {
                    Log.warnf("ledger entry %s is unreadable (%s): sweeping by its file name's marker only", f,
                            e.getMessage());
                    byName(id).ifPresent(all::add);
                }
            } else if (name.endsWith(".tmp")) {
                String id = name.replaceFirst("(\\.json)?\\.tmp$", "");
                if (!files.contains(f.resolveSibling(id + ".json"))) {
                    Log.warnf("ledger entry %s was never completed: sweeping by its file name's marker", f);
                    byName(id).ifPresent(all::add);
                }
            }
        }
        return all;
    }

    /** Group of an entry known only by its file name. */
    public static final String UNREADABLE = "(unreadable ledger entry)";

    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    private static Optional<Owned> byName(String id) {
        if (!ID.matcher(id).matches()) {
            Log.warnf("ledger file %s is not named by an id of ours: ignored", id);
            return Optional.empty();
        }
        return Optional.of(new Owned(id, UNREADABLE, "unknown", null, null, null));
    }

    private void write(Owned owned) {
        try {
            PrivateFiles.folder(dir);
            PrivateFiles.writeAtomically(file(owned.id()), true, json.writeValueAsBytes(owned));
        } catch (IOException e) {
            throw cannotRecord(owned, e);
        } catch (UncheckedIOException e) {
            throw cannotRecord(owned, e.getCause());
        }
    }

    private UncheckedIOException cannotRecord(Owned owned, IOException e) {
        return new UncheckedIOException("cannot record " + owned.role() + " of " + owned.group() + " in the ledger "
                + dir + ": " + e.getMessage(), e);
    }

    private Path file(String id) {
        return dir.resolve(id + ".json");
    }

    private static byte[] bytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
