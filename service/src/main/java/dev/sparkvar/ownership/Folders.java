package dev.sparkvar.ownership;

import io.quarkus.logging.Log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the folders that go with our processes. */
public final class Folders {

    private Folders() {
    }

    /** Removes a folder and everything in it; a few passes, since a file may still appear while a JVM winds down. */
    public static void delete(Path dir) {
        for (int pass = 0; pass < 3 && Files.exists(dir); pass++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // retried in the next pass
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                Log.debugf("could not delete %s: %s", dir, e.getMessage());
            }
            if (Files.exists(dir)) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (Files.exists(dir)) {
            Log.warnf("could not delete the folder %s", dir);
        }
    }

}
