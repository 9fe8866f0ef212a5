package dev.sparkvar.web;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real headless Debian Chromium driven through chromedriver, both at fixed paths so that Selenium Manager never
 * downloads anything; {@link #close()} quits them and checks by PID that no browser process is left.
 */
final class Browser implements AutoCloseable {

    static final File CHROMIUM = new File(System.getProperty("sparkvar.chromium", "/usr/bin/chromium"));
    static final File CHROMEDRIVER = new File(System.getProperty("sparkvar.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() throws IOException {
        for (File f : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!f.canExecute()) {
                fail(f + " is missing: the browser test needs Debian's Chromium, install it with "
                        + "'apt-get install -y chromium chromium-driver' (CI installs it)");
            }
        }
        Path profile = Files.createTempDirectory("sparkvar-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,2300");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        try {
            service.start();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            return new Browser(service, driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    /** The browser's console errors since the last call (chromedriver hands each entry out once). */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** Chromedriver and every Chromium process under it, the JVM's descendants started for this browser. */
    private static List<ProcessHandle> browserProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false))
                .toList();
    }

    @Override
    public void close() {
        List<ProcessHandle> started = browserProcesses();
        try {
            driver.quit();
        } finally {
            service.stop();
            List<Long> left = new ArrayList<>();
            for (ProcessHandle p : started) {
                try {
                    p.onExit().get(15, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                    left.add(p.pid());
                }
            }
            deleteQuietly(profile);
            if (!left.isEmpty()) {
                fail("browser processes still alive after quit (killed now): " + left);
            }
        }
    }

    /** Every browser process of this JVM has ended: what a test asserts after {@link #close()}. */
    static Optional<String> leftovers() {
        List<ProcessHandle> alive = browserProcesses().stream().filter(ProcessHandle::isAlive).toList();
        return alive.isEmpty() ? Optional.empty() : Optional.of(alive.stream()
                .map(p -> p.pid() + " " + p.info().command().orElse("?")).toList().toString());
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder; nothing depends on it
        }
    }
}
