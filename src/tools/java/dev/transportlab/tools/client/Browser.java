package dev.transportlab.tools.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for browser tests: Debian's /usr/bin/chromium driven by
 * /usr/bin/chromedriver (both given explicitly, so Selenium Manager never downloads
 * anything). Without them the test is skipped with a loud message, unless CI=true or
 * -Dlab.browser.required=true, where a missing browser is a failure.
 * <pre>
 * try (Browser browser = Browser.start()) {
 *     browser.open(baseUrl + "/sse");
 *     browser.waitForText(By.cssSelector("[data-testid=status]"), "open", Duration.ofSeconds(10));
 *     assertThat(browser.consoleErrors()).isEmpty();
 * }
 * </pre>
 */
public final class Browser implements AutoCloseable {

	public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Accept any certificate: only for the TLS front's self-signed one, in tests and the comparison run. */
	public static final String IGNORE_CERTIFICATE_ERRORS = "--ignore-certificate-errors";

	private final ChromeDriver driver;

	private final Path profile;

	private final List<String> errors = new ArrayList<>();

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/** True where a missing browser must fail the build: CI=true or -Dlab.browser.required=true. */
	public static boolean required() {
		return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("lab.browser.required");
	}

	/** Skips the calling test loudly when Chromium or ChromeDriver is missing; fails instead when required. */
	public static void assumeAvailable() {
		if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
			return;
		}
		String message = "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
				+ " (Debian: apt-get install chromium chromium-driver).";
		if (required()) {
			Assertions.fail(message + " They are mandatory here (CI=true or lab.browser.required=true).");
		}
		System.err.println();
		System.err.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
		System.err.println("!!! SKIPPING BROWSER TESTS: " + message);
		System.err.println("!!! The pages are NOT tested. .ci/run installs Chromium and makes them mandatory.");
		System.err.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
		System.err.println();
		Assumptions.abort(message);
	}

	/** A browser asking for English pages, in a 1440 x 900 window. */
	public static Browser start() {
		return start("en-US", 1440, 900);
	}

	/** A browser with the given Accept-Language and window size (CSS pixels, device scale 1). */
	public static Browser start(String acceptLanguage, int width, int height) {
		return start(acceptLanguage, width, height, List.of());
	}

	/**
	 * As above, with extra Chromium switches, e.g. {@link #IGNORE_CERTIFICATE_ERRORS} for the
	 * TLS front's throwaway certificate ({@link TlsFront}).
	 */
	public static Browser start(String acceptLanguage, int width, int height, List<String> extraArguments) {
		assumeAvailable();
		Path profile;
		try {
			profile = Files.createTempDirectory("lab-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-background-timer-throttling", "--disable-renderer-backgrounding",
				"--disable-backgrounding-occluded-windows", "--user-data-dir=" + profile,
				"--window-size=" + width + "," + height, "--hide-scrollbars", "--force-device-scale-factor=1",
				"--lang=" + acceptLanguage, "--accept-lang=" + acceptLanguage);
		options.addArguments(extraArguments);
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
		return new Browser(driver, profile);
	}

	public WebDriver driver() {
		return this.driver;
	}

	public void open(String url) {
		this.driver.get(url);
	}

	public WebElement find(By by) {
		return this.driver.findElement(by);
	}

	/** The element with data-testid=id (inside {@code scope} when given). */
	public WebElement testId(String id) {
		return this.driver.findElement(By.cssSelector("[data-testid='" + id + "']"));
	}

	public String text(String testId) {
		return testId(testId).getText().strip();
	}

	/** A Chrome DevTools Protocol command, e.g. Network.emulateNetworkConditions. */
	public Map<String, Object> cdp(String command, Map<String, Object> parameters) {
		return this.driver.executeCdpCommand(command, parameters);
	}

	public Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	public WebDriverWait await(Duration timeout) {
		WebDriverWait wait = new WebDriverWait(this.driver, timeout, Duration.ofMillis(100));
		return wait;
	}

	/**
	 * Console messages at SEVERE level (uncaught errors, console.error, failed loads) since the
	 * last call, as "LEVEL message" strings.
	 */
	public List<String> consoleErrors() {
		for (LogEntry entry : this.driver.manage().logs().get(LogType.BROWSER)) {
			if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
				this.errors.add(entry.getLevel() + " " + entry.getMessage());
			}
		}
		List<String> found = List.copyOf(this.errors);
		this.errors.clear();
		return found;
	}

	/** Writes a PNG of the viewport. */
	public void screenshot(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes a PNG of the whole page, beyond the viewport (Chrome DevTools Page.captureScreenshot). */
	public void fullPageScreenshot(Path file) {
		Number width = (Number) script("return document.documentElement.scrollWidth");
		Number height = (Number) script("return document.documentElement.scrollHeight");
		Map<String, Object> shot = this.driver.executeCdpCommand("Page.captureScreenshot",
				Map.of("format", "png", "captureBeyondViewport", true, "clip",
						Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ex) {
				// a temp dir left behind is not worth failing a test for
			}
		}
	}

}
