package dev.transportlab.tools.compare;


import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.json.JsonMapper;

import dev.transportlab.TransportLabApplication;
import dev.transportlab.bench.BenchResult;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The comparison run: one command (docs/benchmark.md) that drives headless Chromium through
 * the benchmark page for a matrix of transports x rates x markers x render modes, one scenario
 * at a time, and writes a report with tables and charts.
 * <p>
 * {@code mvn -Pcompare verify -Dcompare.args="--duration 10"}, or run this class on the test
 * classpath with the flags of {@link ComparisonOptions#USAGE}.
 */
public final class ComparisonRun {

	/** Exit code when rAF is not running near the display rate: the figures would be meaningless. */
	static final int EXIT_REFUSED = 3;

	/** Held, so that the level sticks: Selenium warns about CDP versions the run never uses. */
	private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

	private final ComparisonOptions options;

	private final PrintStream console;

	private final JsonMapper json = JsonMapper.builder()
		.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	ComparisonRun(ComparisonOptions options, PrintStream console) {
		this.options = options;
		this.console = console;
	}

	public static void main(String[] args) {
		SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
		ComparisonOptions options;
		try {
			options = ComparisonOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println();
			System.err.println(ComparisonOptions.USAGE);
			System.exit(64);
			return;
		}
		if (options.help()) {
			System.out.println(ComparisonOptions.USAGE);
			return;
		}
		int code;
		try {
			Comparison comparison = new ComparisonRun(options, System.out).run();
			code = comparison.failures().isEmpty() ? 0 : 1;
		}
		catch (RefusedException ex) {
			System.err.println("REFUSED: " + ex.getMessage());
			code = EXIT_REFUSED;
		}
		catch (Exception ex) {
			System.err.println("Comparison run failed: " + ex);
			ex.printStackTrace();
			code = 2;
		}
		System.exit(code);
	}

	/** Runs the matrix and writes the report; throws {@link RefusedException} if rAF is too slow. */
	Comparison run() throws IOException {
		Instant started = Instant.now();
		String loadBefore = Machine.loadAverage();
		this.console.printf("Comparison run: %d scenarios (%s) x %s %d s, about %d min%n", this.options.scenarioCount(),
				describeMatrix(), this.options.modes(), this.options.durationS(),
				Math.max(1, Math.round(this.options.estimatedSeconds() / 60.0)));
		ConfigurableApplicationContext app = null;
		URI baseUrl = this.options.baseUrl();
		if (baseUrl == null) {
			this.console.println("Starting the app on a free port...");
			app = startApp();
			baseUrl = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
		}
		this.console.println("App: " + baseUrl);
		if (app != null && this.options.webdriverUrl() != null) {
			this.console.println("Note: the remote browser must reach " + baseUrl
					+ "; if it runs elsewhere (a container), start the app there and pass --base-url.");
		}
		Drivers.Session session = null;
		Network network = new Network(baseUrl, this.options.networks());
		try {
			session = Drivers.start(this.options);
			WebDriver driver = session.driver();
			Map<String, Object> browser = Drivers.describe(driver);
			this.console.println("Browser: " + browser);
			FrameCheck frameCheck = checkFrames(driver, baseUrl);
			this.console.println("rAF check: " + frameCheck.summary());
			if (!frameCheck.passed()) {
				throw new RefusedException("requestAnimationFrame runs at " + frameCheck.summary() + ", not near "
						+ this.options.displayHz() + " Hz; latency and FPS figures would not mean anything. "
						+ "Close other load, or pass --display-hz if the display really runs at another rate.");
			}
			if (this.options.warmupS() > 0) {
				for (String transport : this.options.transports()) {
					Scenario warmup = new Scenario(transport, this.options.rates().get(0), this.options.markers().get(0),
							"coalesced", this.options.warmupS(), this.options.pollIntervalMs(), this.options.rafMin());
					this.console.printf("warm-up  %s (not measured)%n", warmup.label());
					measure(driver, baseUrl, warmup);
				}
			}
			List<Measured> measured = new ArrayList<>();
			List<String> failures = new ArrayList<>();
			int total = this.options.scenarioCount();
			int n = 0;
			for (int rate : this.options.rates()) {
				for (int markers : this.options.markers()) {
					for (String mode : this.options.modes()) {
						for (List<String> cell : cells()) {
							String transport = cell.get(0);
							Scenario scenario = new Scenario(transport, rate, markers, mode, this.options.durationS(),
									this.options.pollIntervalMs(), this.options.rafMin(), cell.get(1), cell.get(2));
							URI url = network.prepare(driver, scenario.protocol(), scenario.network());
							n++;
							this.console.printf(Locale.ROOT, "[%d/%d] %-45s", n, total, scenario.label());
							this.console.flush();
							Outcome outcome = measure(driver, url, scenario);
							if (outcome.result() == null) {
								// once more after a pause: a passing burst of load (another process, the
								// previous scenario's feed) should not cost the scenario
								this.console.print(" failed (" + outcome.error() + "), once more in 5 s:");
								this.console.flush();
								sleep(5000);
								outcome = measure(driver, url, scenario);
							}
							if (outcome.result() != null) {
								measured.add(new Measured(scenario, outcome.result(), outcome.reconnects()));
								this.console.println(" " + Figures.oneLine(outcome.result()));
							}
							else {
								failures.add(scenario.label() + ": " + outcome.error());
								this.console.println(" FAILED: " + outcome.error());
							}
						}
					}
				}
			}
			Comparison comparison = new Comparison(started, Instant.now(), Machine.describe(loadBefore),
					Versions.collect(browser, this.options.sources()), this.options, frameCheck, measured, failures,
					DxTable.count(this.options.sources()), DxTable.shared(this.options.sources()));
			List<Path> files = new ReportWriter(comparison, this.json).write(this.options.out());
			this.console.println("Wrote " + files.size() + " files to " + this.options.out().toAbsolutePath() + ":");
			files.forEach(file -> this.console.println("  " + file.getFileName()));
			comparison.targets().forEach(target -> this.console.println("  target " + target.oneLine()));
			return comparison;
		}
		finally {
			if (session != null) {
				session.close();
			}
			network.close();
			if (app != null) {
				app.close();
			}
		}
	}

	/** Transport x protocol x network, network outermost: the innermost loop of the matrix. */
	private List<List<String>> cells() {
		List<List<String>> cells = new ArrayList<>();
		for (String network : this.options.networks()) {
			for (String protocol : this.options.protocols()) {
				this.options.transports().forEach(transport -> cells.add(List.of(transport, protocol, network)));
			}
		}
		return cells;
	}

	private String describeMatrix() {
		return this.options.transports() + " x " + this.options.rates() + " events/s x " + this.options.markers()
				+ " markers x " + this.options.protocols() + " x networks " + this.options.networks();
	}

	private ConfigurableApplicationContext startApp() {
		// benchmark feeds of finished scenarios should vanish quickly so the matrix never hits the cap
		// as command-line arguments: they must win over application.yml (server.port: ${PORT:8080})
		return new SpringApplicationBuilder(TransportLabApplication.class).run("--server.port=0",
				"--lab.limits.bench-feed-idle-timeout=5s", "--spring.main.banner-mode=off",
				"--logging.level.root=warn", "--logging.level.org.openqa.selenium=error");
	}

	/**
	 * Two seconds of requestAnimationFrame on the benchmark page (idle), up to three times:
	 * the page's own start-up can disturb the first try; a machine too busy for rAF fails all.
	 */
	private FrameCheck checkFrames(WebDriver driver, URI baseUrl) {
		driver.get(baseUrl + "/benchmark");
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
		sleep(1000);
		FrameCheck check = null;
		for (int attempt = 1; attempt <= 3; attempt++) {
			check = measureFrames(driver);
			if (check.passed()) {
				return check;
			}
			this.console.println("rAF check " + attempt + "/3: " + check.summary());
		}
		return check;
	}

	private FrameCheck measureFrames(WebDriver driver) {
		Object raw = ((JavascriptExecutor) driver).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const deltas = [];
				let last = null, first = null;
				function frame(t) {
				  if (first === null) first = t;
				  if (last !== null) deltas.push(t - last);
				  last = t;
				  if (t - first < 2000) requestAnimationFrame(frame); else done(deltas);
				}
				requestAnimationFrame(frame);
				""");
		List<Double> deltas = new ArrayList<>();
		for (Object d : (List<?>) raw) {
			deltas.add(((Number) d).doubleValue());
		}
		return FrameCheck.of(deltas, this.options.displayHz(), this.options.rafMin());
	}

	private Outcome measure(WebDriver driver, URI baseUrl, Scenario scenario) {
		driver.get(scenario.pageUrl(baseUrl).toString());
		JavascriptExecutor js = (JavascriptExecutor) driver;
		// page load + clock sync + a fresh feed (which may wait for a free slot) + measurement + wind-down
		long deadline = System.nanoTime() + Duration.ofSeconds(scenario.durationS() + 60).toNanos();
		int reconnects = 0;
		while (System.nanoTime() < deadline) {
			// the dashboard counts its own reconnects; it is gone once the result is in
			Object counted = js.executeScript(
					"const s = document.querySelector('[data-testid=status]'); return s ? s.dataset.reconnects : null");
			if (counted instanceof String text && !text.isEmpty()) {
				reconnects = Math.max(reconnects, Integer.parseInt(text));
			}
			Object state = js.executeScript(
					"return window.benchResult ? JSON.stringify(window.benchResult) : (window.benchError ? 'ERROR:' + window.benchError : null)");
			if (state instanceof String text) {
				if (text.startsWith("ERROR:")) {
					return new Outcome(null, text.substring(6), reconnects);
				}
				return new Outcome(this.json.readValue(text, BenchResult.class), null, reconnects);
			}
			sleep(250);
		}
		return new Outcome(null, "no benchResult within " + (scenario.durationS() + 60) + " s", reconnects);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private record Outcome(BenchResult result, String error, int reconnects) {
	}

	/** A scenario, what the page measured, and how often its dashboard reconnected. */
	record Measured(Scenario scenario, BenchResult result, int reconnects) {

		Measured(Scenario scenario, BenchResult result) {
			this(scenario, result, 0);
		}

	}

	/** rAF was too slow to trust the figures. */
	static final class RefusedException extends RuntimeException {

		RefusedException(String message) {
			super(message);
		}

	}

	/** Whether requestAnimationFrame runs near the display rate. */
	record FrameCheck(int frames, double meanFps, double medianFrameMs, double displayHz, double minShare,
			boolean passed) {

		static FrameCheck of(List<Double> deltas, double displayHz, double minShare) {
			if (deltas.size() < 10) {
				return new FrameCheck(deltas.size(), 0, Double.NaN, displayHz, minShare, false);
			}
			double total = deltas.stream().mapToDouble(Double::doubleValue).sum();
			double meanFps = deltas.size() * 1000.0 / total;
			double median = Figures.percentile(deltas, 50);
			double expected = 1000.0 / displayHz;
			// a median frame within 10 % of the display period, and a mean rate of at least minShare of it
			boolean passed = Math.abs(median - expected) <= expected * 0.10 && meanFps >= displayHz * minShare;
			return new FrameCheck(deltas.size(), meanFps, median, displayHz, minShare, passed);
		}

		String summary() {
			return String.format(Locale.ROOT,
					"%.1f fps mean, median frame %.2f ms over %d frames (display %.0f Hz, needs >= %.0f %% of it): %s",
					this.meanFps, this.medianFrameMs, this.frames, this.displayHz, this.minShare * 100,
					this.passed ? "ok" : "TOO SLOW");
		}

	}

}
