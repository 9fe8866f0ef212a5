package dev.sparkvar.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Programs a {@link SystemTest} may need, each with the Debian packages that install it ({@code .ci/run} does). */
public enum Requirement {
    /** Headless Chromium and chromedriver, at fixed paths so that Selenium never downloads a browser. */
    CHROMIUM("chromium chromium-driver",
            System.getProperty("sparkvar.chromium", "/usr/bin/chromium"),
            System.getProperty("sparkvar.chromedriver", "/usr/bin/chromedriver")),
    /** Real Graphite: carbon-cache, and graphite-web (set up with django-admin) under gunicorn. */
    GRAPHITE("graphite-carbon graphite-web gunicorn",
            "/usr/bin/carbon-cache", "/usr/bin/gunicorn", "/usr/bin/django-admin"),
    /**
     * Another host: a network namespace on a veth pair ({@code ip netns}, {@code ip link}), made and removed by the
     * test itself, and curl to send from inside it. Needs root (CAP_NET_ADMIN); CI runs as root.
     */
    OTHER_HOST("iproute2 curl", "/usr/sbin/ip", "/usr/bin/curl");

    private final String packages;
    private final List<Path> executables;

    Requirement(String packages, String... executables) {
        this.packages = packages;
        this.executables = List.of(executables).stream().map(Path::of).toList();
    }

    /** The Debian packages to install, space-separated. */
    public String packages() {
        return packages;
    }

    /** The executables that are not there (empty when the requirement is met). */
    public List<Path> missing() {
        return executables.stream().filter(p -> !Files.isExecutable(p)).toList();
    }

    /** What is missing and how to install it, or null when nothing is. */
    public String problem() {
        if (this == OTHER_HOST && !"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root (CAP_NET_ADMIN); this JVM runs as " + System.getProperty("user.name");
        }
        List<Path> missing = missing();
        return missing.isEmpty() ? null : missing.stream().map(Path::toString)
                .reduce((a, b) -> a + ", " + b).orElseThrow()
                + " missing (apt-get install -y --no-install-recommends " + packages + ")";
    }
}
