package dev.syncwright.examples.web;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, driven through its own chromedriver ({@code apt-get install chromium
 * chromium-driver}); Selenium is pointed at both, so it never looks for a driver on the internet. Without them the
 * browser tests are skipped, except in CI ({@code CI=true}), where they fail: CI must never pass without them.
 * Downloads go to a folder of their own.
 */
final class HeadlessChromium implements AutoCloseable {
    private final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;

    private HeadlessChromium(ChromeDriver driver, Path profile, Path downloads) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
    }

    static HeadlessChromium start() throws IOException {
        Path binary = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(binary) || !Files.isExecutable(chromedriver)) {
            String how = "install them with: apt-get install -y chromium chromium-driver";
            String message = "Chromium (" + binary + ") or its driver (" + chromedriver + ") is missing; " + how;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true but the browser tests cannot run: " + message);
            }
            System.err.println("WARNING: browser tests skipped: " + message);
            Assumptions.abort(message);
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        Path downloads = Files.createTempDirectory("chromium-downloads");
        ChromeOptions options = new ChromeOptions().setBinary(binary.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1600,1000", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(driver, profile, downloads);
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * @return the errors the pages wrote to the browser's console since the last call (script errors, requests
     *         that failed, what the content security policy blocked)
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** @return the folder the browser saves downloads to */
    Path downloads() {
        return downloads;
    }

    /**
     * Saves what the browser shows as {@code target/screenshots/<name>.png}.
     *
     * @param name the file's name without extension
     * @return the file
     */
    Path screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Path file = dir.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
            delete(downloads);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
