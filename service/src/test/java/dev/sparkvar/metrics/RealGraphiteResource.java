package dev.sparkvar.metrics;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real Graphite from Debian's packages: {@code carbon-cache} and graphite-web under {@code gunicorn}, on
 * 127.0.0.1 and free ports, with a self-contained config in a temp folder; stopped by PID. Missing packages
 * fail the test with the command that installs them (CI's {@code .ci/run} does).
 */
public class RealGraphiteResource implements QuarkusTestResourceLifecycleManager {

    /** Where the test reaches the real Graphite. */
    public record Address(String renderUrl, int carbonPort) {
    }

    private static final List<String> BINARIES = List.of("/usr/bin/carbon-cache", "/usr/bin/gunicorn", "/usr/bin/django-admin");

    private final List<Process> processes = new ArrayList<>();
    private Path dir;
    private Address address;

    @Override
    public Map<String, String> start() {
        for (String binary : BINARIES) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException("Real Graphite is required by this test but " + binary + " is missing:"
                        + " apt-get install -y --no-install-recommends graphite-carbon graphite-web gunicorn"
                        + " (CI's .ci/run installs them)");
            }
        }
        try {
            dir = Files.createTempDirectory("sparkvar-graphite-");
            for (String sub : List.of("storage/whisper", "storage/lists", "log/webapp", "run")) {
                Files.createDirectories(dir.resolve(sub));
            }
            int line = freePort();
            int pickle = freePort();
            int query = freePort();
            int http = freePort();
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
            processes.add(start("carbon", List.of("/usr/bin/carbon-cache", "--config=" + dir.resolve("carbon.conf"),
                    "--nodaemon", "start")));
            run("django-admin", List.of("/usr/bin/django-admin", "migrate", "--run-syncdb", "-v0"));
            processes.add(start("gunicorn", List.of("/usr/bin/gunicorn", "--workers", "1", "--bind", "127.0.0.1:" + http,
                    "graphite.wsgi:application")));
            awaitPort(line, "carbon-cache");
            address = new Address("http://127.0.0.1:" + http, line);
            awaitHttp(address.renderUrl() + "/render?target=none&format=json");
            return Map.of();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot start real Graphite: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(address, new TestInjector.AnnotatedAndMatchesType(RealGraphite.class, Address.class));
    }

    @Override
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

    private void awaitPort(int port, String what) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IllegalStateException(what + " did not listen on " + port + " within 60 s: "
                + Files.readString(dir.resolve("carbon.log")));
    }

    private void awaitHttp(String url) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
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
        throw new IllegalStateException("graphite-web did not answer " + url + " within 60 s: "
                + Files.readString(dir.resolve("gunicorn.log")));
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
