package dev.sparkvar.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sparkvar.jobapi.JobOptions.PROPERTIES_FILE;

/** The {@code --properties-file} reader; a file that cannot be read or a line that is no setting is bad input. */
final class PropertiesFile {

    private PropertiesFile() {
    }

    /** Reads a spark-defaults.conf style file: {@code key value} or {@code key=value} lines, {@code #} comments. */
    static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("Cannot read --properties-file " + file + ": " + e);
        }
        Map<String, String> conf = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int cut = -1;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '=' || Character.isWhitespace(c)) {
                    cut = i;
                    break;
                }
            }
            if (cut <= 0) {
                throw new BadInputException(PROPERTIES_FILE + " " + file + " line " + lineNo
                        + ": expected 'key value' or 'key=value', got '" + line + "'");
            }
            String key = line.substring(0, cut);
            String value = line.substring(cut).strip();
            if (value.startsWith("=")) {
                value = value.substring(1).strip();
            }
            conf.put(key, value);
        }
        return conf;
    }
}
