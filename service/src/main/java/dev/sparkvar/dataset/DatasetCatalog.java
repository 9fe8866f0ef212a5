package dev.sparkvar.dataset;

import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.LogSafe;
import dev.sparkvar.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists the data sets in the configured folders and resolves a run's {@code data} name to a file inside them.
 * A request must never make the service read an arbitrary file, so absolute paths, {@code ..} and links that
 * lead outside the folders are refused.
 */
@ApplicationScoped
public class DatasetCatalog {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final int MAX_DEPTH = 3;

    private final DatasetsConfig config;

    public DatasetCatalog(DatasetsConfig config) {
        this.config = config;
    }

    /** Every CSV or Parquet data set in the folders (a name in an earlier folder hides the same name later). */
    public List<Dataset> list() {
        Map<String, Dataset> found = new LinkedHashMap<>();
        for (Path dir : config.dirs()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            Path root = realPath(dir);
            try (Stream<Path> paths = Files.walk(root, MAX_DEPTH)) {
                paths.filter(p -> !p.equals(root))
                        .filter(p -> format(p).isPresent())
                        .filter(p -> realPath(p).startsWith(root))
                        .filter(p -> !insideParquetFolder(root, p))
                        .forEach(p -> found.putIfAbsent(root.relativize(p).toString(),
                                new Dataset(root.relativize(p).toString(), format(p).get(), size(p))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Dataset> all = new ArrayList<>(found.values());
        all.sort(Comparator.comparing(Dataset::name));
        return all;
    }

    /** The default data set's name. */
    public String defaultName() {
        return config.defaultName();
    }

    /**
     * Resolves a data set name to its real path inside a data folder.
     *
     * @throws ProblemException 400 naming the field {@code data} when the name is unsafe or unknown
     */
    public Path resolve(String name) {
        String field = "data";
        if (name == null || name.isBlank()) {
            throw invalid(field, "must name a data set from GET /datasets");
        }
        String shown = LogSafe.of(name, 80); // what messages quote: a 10 KiB name is not echoed whole
        if (name.startsWith("/") || name.startsWith("\\") || name.startsWith("~") || name.contains(":")) {
            throw invalid(field, "'" + shown + "' is an absolute path or URL; name a data set from GET /datasets");
        }
        if (!SAFE_NAME.matcher(name).matches()) {
            throw invalid(field, "'" + shown + "' has characters other than letters, digits, '.', '_', '-' and '/'");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw invalid(field, "'" + shown + "' leads outside the data folders ('" + segment + "')");
            }
        }
        for (Path dir : config.dirs()) {
            Path candidate = dir.resolve(name).normalize();
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && !Files.exists(candidate)) {
                continue;
            }
            Path root = realPath(dir);
            if (!Files.exists(candidate)) {
                throw invalid(field, "'" + shown + "' is a broken link");
            }
            Path real = realPath(candidate);
            if (!real.startsWith(root)) {
                throw invalid(field, "'" + shown + "' is a link that leads outside the data folders");
            }
            if (format(real).isEmpty()) {
                throw invalid(field, "'" + shown + "' is not a CSV or Parquet data set");
            }
            return real;
        }
        throw invalid(field, "no data set named '" + shown + "'; GET /datasets lists them");
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalid(List.of(new FieldError(field, message)));
    }

    private static Optional<String> format(Path p) {
        String file = p.getFileName().toString().toLowerCase();
        if (file.endsWith(".csv") && Files.isRegularFile(p)) {
            return Optional.of("csv");
        }
        if (file.endsWith(".parquet")) {
            return Optional.of("parquet");
        }
        return Optional.empty();
    }

    private static boolean insideParquetFolder(Path root, Path p) {
        for (Path parent = p.getParent(); parent != null && !parent.equals(root); parent = parent.getParent()) {
            if (parent.getFileName().toString().toLowerCase().endsWith(".parquet")) {
                return true;
            }
        }
        return false;
    }

    private static long size(Path p) {
        try (Stream<Path> files = Files.walk(p)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
