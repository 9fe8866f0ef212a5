package dev.sparkvar.dataset;

import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.LogSafe;
import dev.sparkvar.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tickers of a CSV data set, so that a run naming a ticker the data does not have is refused before a cluster
 * is created for nothing. Read once per file and kept while its modification time and size stay the same. The
 * layout is the job's (spark-job/README.md, "Input"): a header naming a {@code ticker} column (any case), one
 * row per ticker and date. Parquet data sets are not read here (the service has no Parquet reader): the job
 * still checks their tickers.
 */
@ApplicationScoped
public class DatasetTickers {

    /** One file's tickers as read at one version of the file. */
    private record Read(FileTime modified, long size, Set<String> tickers) {
    }

    private final Map<Path, Read> cache = new ConcurrentHashMap<>();

    /**
     * The tickers of the data set at {@code file} (a real path from {@link DatasetCatalog#resolve}), or empty when
     * it is not a CSV file.
     *
     * @param name the data set's name, for messages (never the server's path)
     * @throws ProblemException 400 naming {@code data} when the CSV has no header or no ticker column, or is not
     *                          UTF-8 text
     */
    public Optional<Set<String>> of(Path file, String name) {
        if (!Files.isRegularFile(file) || !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Read cached = cache.get(file);
            if (cached != null && cached.modified().equals(attributes.lastModifiedTime())
                    && cached.size() == attributes.size()) {
                return Optional.of(cached.tickers());
            }
            Read read = new Read(attributes.lastModifiedTime(), attributes.size(), read(file, name));
            cache.put(file, read);
            return Optional.of(read.tickers());
        } catch (CharacterCodingException e) {
            // a file the job could not read either: the request's fault (it named it), not the service's
            throw malformed(name, "is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the tickers of data set " + name, e);
        }
    }

    private static Set<String> read(Path file, String name) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw malformed(name, "is empty: it needs a header with the columns ticker, date, close");
            }
            List<String> columns = fields(stripBom(header), Integer.MAX_VALUE).stream()
                    .map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
            int column = columns.indexOf("ticker");
            if (column < 0) {
                throw malformed(name, "has no 'ticker' column (columns found: " + LogSafe.of(String.join(", ", columns))
                        + ")");
            }
            Set<String> tickers = new HashSet<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<String> row = fields(line, column + 1);
                if (row.size() > column && !row.get(column).isEmpty()) {
                    tickers.add(row.get(column));
                }
            }
            return Set.copyOf(tickers);
        }
    }

    /** The first {@code limit} fields of a CSV line, with Spark's default quoting ({@code "} quotes, {@code ""} inside). */
    static List<String> fields(String line, int limit) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length() && fields.size() < limit; i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (fields.size() < limit) {
            fields.add(field.toString());
        }
        return fields;
    }

    private static String stripBom(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }

    private static ProblemException malformed(String name, String why) {
        return ProblemException.invalid(List.of(new FieldError("data", "data set '" + name + "' " + why)));
    }
}
