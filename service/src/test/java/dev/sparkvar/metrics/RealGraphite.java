package dev.sparkvar.metrics;

import dev.sparkvar.testing.Requirement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real Graphite from Debian's packages: {@code carbon-cache} and graphite-web under {@code gunicorn}, on
 * 127.0.0.1 and free ports, with a self-contained config in a temp folder; stopped by PID. A test class using it is
 * a {@code @SystemTest(requires = GRAPHITE)}, skipped (or failed, where required) before this starts when the
 * packages are missing; here they are only checked again.
 *
 * <p>Ports: the daemons cannot bind port 0 and tell us theirs, so ports are probed, and a probed port could be
 * taken before a daemon binds it. Probes are drawn at random <em>below</em> the kernel's ephemeral range, which no
 * other process binding port 0 is handed, and a daemon that still finds its port taken (it exits saying so) makes
 * the whole start run again on new ports, up to {@value #ATTEMPTS} times.
 * <p>A test class starts it itself, not as a Quarkus test resource: it sets no configuration, and a class with a
 * test resource of its own would cost a Quarkus boot of its own (issue 20).
 */
public class RealGraphite {

    /** Where the test reaches the real Graphite. */
    public record Address(String renderUrl, int carbonPort) {
    }

    private static final int ATTEMPTS = 3;
    /** What carbon-cache (Twisted) and gunicorn log when their port is taken. */
    private static final List<String> PORT_TAKEN = List.of("Address already in use", "CannotListenError",
            "Connection in use");

    /** A daemon found its port taken: start again on new ports. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    private final List<Process> processes = new ArrayList<>();
    private Path dir;
    private Address address;

    /** Starts carbon-cache and graphite-web; where the test reaches them. */
    public Address start() {
        String missing = Requirement.GRAPHITE.problem();
        if (missing != null) {
            throw new IllegalStateException("Real Graphite is required by this test but " + missing);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce();
                return address;
            } catch (PortTakenException e) {
                stop();
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("real Graphite found its ports taken " + ATTEMPTS + " times", e);
                }
                System.out.println("[sparkvar] real Graphite: " + e.getMessage() + "; starting again on new ports");
            } catch (IOException e) {
                stop();
                throw new UncheckedIOException("cannot start real Graphite: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                stop();
                throw e;
            }
        }
    }

    private void startOnce() throws IOException {
        dir = Files.createTempDirectory("sparkvar-graphite-");
        for (String sub : List.of("storage/whisper", "storage/lists", "log/webapp", "run")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Set<Integer> ports = new HashSet<>();
        int line = freePort(ports);
        int pickle = freePort(ports);
        int query = freePort(ports);
        int http = freePort(ports);
        Files.writeString(dir.resolve("carbon.conf"), """
                [cache]
                STORAGE_DIR = %1$s/storage/
                LOCAL_DATA_DIR = %1$s/storage/whisper/
                WHITELISTS_DIR = %1$s/storage/lists/
                CONF_DIR = %1$s/
                LOG_DIR = %1$s/log/
                PID_DIR = %1$s/run/
                USER =
                ENABLE_LOGROTATION = False
                LINE_RECEIVER_INTERFACE = 127.0.0.1
                LINE_RECEIVER_PORT = %2$d
                ENABLE_UDP_LISTENER = False
                PICKLE_RECEIVER_INTERFACE = 127.0.0.1
                PICKLE_RECEIVER_PORT = %3$d
                CACHE_QUERY_INTERFACE = 127.0.0.1
                CACHE_QUERY_PORT = %4$d
                MAX_CACHE_SIZE = inf
                MAX_UPDATES_PER_SECOND = 1000
                MAX_CREATES_PER_MINUTE = inf
                """.formatted(dir, line, pickle, query));
        // one-second points, so that every sent point is its own datapoint
        Files.writeString(dir.resolve("storage-schemas.conf"), "[default]\npattern = .*\nretentions = 1s:1h\n");
        Files.writeString(dir.resolve("sparkvar_graphite_settings.py"), """
                SECRET_KEY = 'sparkvar-test'
                STORAGE_DIR = '%1$s/storage/'
                WHISPER_DIR = '%1$s/storage/whisper/'
                LOG_DIR = '%1$s/log/webapp/'
                INDEX_FILE = '%1$s/storage/index'
                DATABASES = {'default': {'NAME': '%1$s/graphite.db', 'ENGINE': 'django.db.backends.sqlite3'}}
                CARBONLINK_HOSTS = ['127.0.0.1:%2$d:a']
                DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
                """.formatted(dir, query));
        Process carbon = start("carbon", List.of("/usr/bin/carbon-cache", "--config=" + dir.resolve("carbon.conf"),
                "--nodaemon", "start"));
        processes.add(carbon);
        run("django-admin", List.of("/usr/bin/django-admin", "migrate", "--run-syncdb", "-v0"));
        Process gunicorn = start("gunicorn", List.of("/usr/bin/gunicorn", "--workers", "1", "--bind",
                "127.0.0.1:" + http, "graphite.wsgi:application"));
        processes.add(gunicorn);
        awaitPort(line, carbon, "carbon");
        address = new Address("http://127.0.0.1:" + http, line);
        awaitHttp(address.renderUrl() + "/render?target=none&format=json", gunicorn);
        // both still up, so the ports that answered are theirs (a daemon that lost a port exits)
        alive(carbon, "carbon");
        alive(gunicorn, "gunicorn");
    }

    /** Stops both daemons by PID (and their children) and removes the folder. */
    public void stop() {
        for (Process p : processes) {
            List<ProcessHandle> tree = Stream.concat(Stream.of(p.toHandle()), p.descendants()).toList();
            tree.forEach(ProcessHandle::destroy);
            for (ProcessHandle h : tree) {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            }
            if (tree.stream().anyMatch(ProcessHandle::isAlive)) {
                throw new IllegalStateException("real Graphite process(es) survived: " + tree.stream()
                        .filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList());
            }
        }
        processes.clear();
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // temp folder: best effort
            }
        }
    }

    private Process start(String name, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("PYTHONPATH", dir.toString());
        env.put("GRAPHITE_SETTINGS_MODULE", "sparkvar_graphite_settings");
        env.put("DJANGO_SETTINGS_MODULE", "graphite.settings");
        return builder.start();
    }

    private void run(String name, List<String> command) throws IOException {
        Process p = start(name, command);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name + " failed (" + p.exitValue() + "): " + Files.readString(dir.resolve(name + ".log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitPort(int port, Process daemon, String name) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            alive(daemon, name);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IllegalStateException(name + " did not listen on " + port + " within 60 s: " + logs());
    }

    private void awaitHttp(String url, Process daemon) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            alive(daemon, "gunicorn");
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(5000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            pause();
        }
        throw new IllegalStateException("graphite-web did not answer " + url + " within 60 s: " + logs());
    }

    /** Fails unless {@code daemon} still runs; with {@link PortTakenException} when it exited for a taken port. */
    private void alive(Process daemon, String name) throws IOException {
        if (daemon.isAlive()) {
            return;
        }
        String logs = logs();
        String message = name + " exited (" + daemon.exitValue() + ")";
        if (PORT_TAKEN.stream().anyMatch(logs::contains)) {
            throw new PortTakenException(message + ": a port was taken");
        }
        throw new IllegalStateException(message + ": " + logs);
    }

    /** Every log the daemons wrote in this attempt's folder. */
    private String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                all.append("\n--- ").append(dir.relativize(f)).append('\n').append(Files.readString(f));
            }
        }
        return all.toString();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A port free now, drawn at random below the kernel's ephemeral range (read from {@code /proc}), where no
     * process binding port 0 can be handed it; {@code taken} keeps one start's ports apart.
     */
    private static int freePort(Set<Integer> taken) throws IOException {
        int ephemeralLow = 32768;
        try {
            ephemeralLow = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux: assume the usual range
        }
        int low = 10_000;
        int high = Math.max(low + 1_000, ephemeralLow);
        for (int i = 0; i < 200; i++) {
            int port = ThreadLocalRandom.current().nextInt(low, high);
            if (!taken.contains(port)) {
                try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    taken.add(port);
                    return s.getLocalPort();
                } catch (IOException inUse) {
                    // try another
                }
            }
        }
        throw new IOException("no free port in [" + low + ", " + high + ") after 200 tries");
    }
}
