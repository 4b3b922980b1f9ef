package dev.transportlab.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.Capabilities;
import org.openqa.selenium.HasCapabilities;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Chromium for the comparison run: the local Debian Chromium through its ChromeDriver (never a
 * downloaded one), or a remote WebDriver such as a Selenium container.
 */
final class Drivers {

	/** Headless, and nothing that would throttle timers or rAF or add background traffic. */
	static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
			"--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--no-first-run", "--disable-background-timer-throttling",
			"--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows", "--window-size=1280,1000");

	private Drivers() {
	}

	static WebDriver start(ComparisonOptions options) throws IOException {
		ChromeOptions chrome = new ChromeOptions();
		chrome.addArguments(FLAGS);
		if (options.webdriverUrl() != null) {
			return new RemoteWebDriver(options.webdriverUrl().toURL(), chrome);
		}
		if (!Files.isExecutable(options.chromium()) || !Files.isExecutable(options.chromedriver())) {
			throw new IllegalStateException("Chromium (" + options.chromium() + ") or ChromeDriver ("
					+ options.chromedriver() + ") is missing: apt-get install chromium chromium-driver, "
					+ "or pass --chromium/--chromedriver, or --webdriver-url for a remote browser.");
		}
		Path profile = Files.createTempDirectory("comparison-chromium-");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(profile)));
		chrome.addArguments("--user-data-dir=" + profile);
		chrome.setBinary(options.chromium().toFile());
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(options.chromedriver().toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, chrome);
	}

	static Map<String, Object> describe(WebDriver driver) {
		Map<String, Object> browser = new LinkedHashMap<>();
		if (driver instanceof HasCapabilities hasCapabilities) {
			Capabilities caps = hasCapabilities.getCapabilities();
			browser.put("browser", caps.getBrowserName() + " " + caps.getBrowserVersion());
			if (caps.getCapability("chrome") instanceof Map<?, ?> chrome && chrome.get("chromedriverVersion") != null) {
				browser.put("chromedriver", String.valueOf(chrome.get("chromedriverVersion")).split(" ")[0]);
			}
		}
		browser.put("userAgent", ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return navigator.userAgent"));
		return browser;
	}

	static void deleteQuietly(Path dir) {
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// a temp dir left behind is harmless
		}
	}

}
