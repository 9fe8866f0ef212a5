package dev.sparkvar.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The local stand-in for oshinko's ConfigMaps: {@code <name>.properties} in a config folder, falling back to
 * the defaults shipped under {@code local-config/} on the classpath.
 */
public final class NamedConfigs {

    /** Kubernetes object names (DNS subdomains): also keeps names from escaping the config folder. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final Optional<Path> dir;

    public NamedConfigs(Optional<Path> dir) {
        this.dir = dir;
    }

    /** The key/value pairs of config {@code name}, or empty if there is no such config. */
    public Optional<Map<String, String>> find(String name) {
        if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        String file = name + ".properties";
        try {
            if (dir.isPresent()) {
                Path path = dir.get().resolve(file);
                if (Files.isRegularFile(path)) {
                    try (InputStream in = Files.newInputStream(path)) {
                        return Optional.of(read(in));
                    }
                }
            }
            try (InputStream in = NamedConfigs.class.getClassLoader().getResourceAsStream("local-config/" + file)) {
                return in == null ? Optional.empty() : Optional.of(read(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read named config '" + name + "': " + e.getMessage(), e);
        }
    }

    private static Map<String, String> read(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        Map<String, String> map = new TreeMap<>();
        properties.forEach((k, v) -> map.put(k.toString().trim(), v.toString().trim()));
        return map;
    }
}
