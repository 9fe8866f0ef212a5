package dev.sparkvar.ownership;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The durable record of every process the service starts: written before the process starts (so a crash in
 * between still leaves a trace), completed with its PID and start time, removed once it is gone. After a crash
 * the {@link Sweep} reads it back. One file per process, written with an atomic rename.
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
        } catch (IOException e) {
            Log.warnf("could not remove ledger entry %s: %s", owned.id(), e.getMessage());
        }
    }

    /** Every recorded process; unreadable entries are reported and skipped. */
    public List<Owned> entries() {
        List<Owned> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    all.add(json.readValue(f.toFile(), Owned.class));
                } catch (IOException e) {
                    Log.warnf("skipping unreadable ledger entry %s: %s", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private void write(Owned owned) {
        try {
            Files.createDirectories(dir);
            Path target = file(owned.id());
            Path tmp = target.resolveSibling(owned.id() + ".tmp");
            json.writeValue(tmp.toFile(), owned);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + owned.role() + " of " + owned.group() + " in the ledger "
                    + dir + ": " + e.getMessage(), e);
        }
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
