package dev.affinity.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven by Selenium: Debian's {@code chromium} and {@code chromium-driver}
 * packages ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}), never a downloaded browser.
 * Each one has a fresh profile, deleted when it quits, and no background network traffic.
 */
public final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Starts a browser; the caller quits it, which deletes its profile. */
    public static WebDriver start() {
        require(CHROMIUM, "Debian's chromium package (apt-get install chromium chromium-driver; .ci/run installs it)");
        require(CHROMEDRIVER, "Debian's chromium-driver package");
        Path profile;
        try {
            profile = Files.createTempDirectory("affinity-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            return new ChromeDriver(service, options) {
                @Override
                public void quit() {
                    try {
                        super.quit();
                    } finally {
                        FileTrees.delete(profile);
                    }
                }
            };
        } catch (RuntimeException e) {
            FileTrees.delete(profile);
            throw e;
        }
    }

    private static void require(Path executable, String from) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is missing: it comes from " + from);
        }
    }
}
