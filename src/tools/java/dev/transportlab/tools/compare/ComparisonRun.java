package dev.transportlab.tools.compare;


import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.openqa.selenium.WebDriver;
import tools.jackson.databind.json.JsonMapper;

import dev.transportlab.bench.BenchResult;
import dev.transportlab.tools.load.NoiseGuard;

/**
 * The comparison run: one command (docs/benchmark.md) that drives headless Chromium through
 * the benchmark page for a matrix of transports x rates x markers x render modes x
 * compression, one scenario at a time, with the packaged app in its own JVM and a counting
 * relay ({@link WireMeter} on the toolkit's TcpProxy) between browser and app, and writes a
 * report with tables and charts.
 * <p>
 * {@code mvn -Pcompare verify -Dcompare.args="--duration 10"}, or run this class on the test
 * classpath; {@code --help} lists the flags.
 */
public final class ComparisonRun {

	/** Exit code when rAF is not running near the display rate: the figures would be meaningless. */
	static final int EXIT_REFUSED = 3;

	/** Held, so that the level sticks: Selenium warns about CDP versions the run never uses. */
	private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

	private final ComparisonOptions options;

	private final PrintStream console;

	private final NoiseGuard guard;

	private final JsonMapper json = JsonMapper.builder()
		.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	ComparisonRun(ComparisonOptions options, PrintStream console) {
		this.options = options;
		this.console = console;
		// this JVM's tree holds the relay, the app it started, chromedriver and Chromium; an attached app by pid
		this.guard = new NoiseGuard(options.noiseThresholdCores(),
				options.serverPid() == null ? java.util.List.of() : java.util.List.of(options.serverPid()));
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
			System.err.println(ComparisonOptions.usage());
			System.exit(64);
			return;
		}
		if (options.help()) {
			System.out.println(ComparisonOptions.usage());
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
	Comparison run() throws IOException, InterruptedException {
		Instant started = Instant.now();
		Path out = this.options.reportDir(LocalDateTime.now(ZoneOffset.UTC));
		Files.createDirectories(out);
		String loadBefore = Machine.loadAverage();
		this.console.printf("Comparison run: %d scenarios (%s) x %s, %s, about %d min%n", this.options.scenarioCount(),
				describeMatrix(), this.options.modes(), this.options.durationText(),
				Math.max(1, Math.round(this.options.estimatedSeconds() / 60.0)));
		Drivers.Session session = null;
		Map<String, Object> browser = null;
		FrameCheck frameCheck = null;
		List<Measured> measured = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		Map<String, Double> idleCpu = new LinkedHashMap<>();
		int total = this.options.scenarioCount();
		int n = 0;
		try {
			session = Drivers.start(this.options);
			WebDriver driver = session.driver();
			browser = Drivers.describe(driver);
			this.console.println("Browser: " + browser);
			for (String compression : this.options.compression()) {
				try (Pass pass = Pass.open(this.options, compression, out, this.console);
						Network network = new Network(pass.browserUrl(), this.options.networks())) {
					if (frameCheck == null) {
						frameCheck = checkFrames(driver, pass.browserUrl());
						this.console.println("rAF check: " + frameCheck.summary());
						if (!frameCheck.passed()) {
							throw new RefusedException("requestAnimationFrame runs at " + frameCheck.summary()
									+ ", not near " + this.options.displayHz()
									+ " Hz; latency and FPS figures would not mean anything. "
									+ "Close other load, or pass --display-hz if the display really runs at another rate.");
						}
					}
					warmUp(driver, pass, compression);
					Double idle = pass.idleCpuMsPerS(driver);
					if (idle != null) {
						idleCpu.put(compression, idle);
						this.console.printf(Locale.ROOT, "App idle CPU: %.2f ms/s%n", idle);
					}
					for (int rate : this.options.rates()) {
						for (int markers : this.options.markers()) {
							for (String mode : this.options.modes()) {
								for (List<String> cell : cells()) {
									String transport = cell.get(0);
									Scenario scenario = new Scenario(transport, rate, markers, mode, compression,
											this.options.durationFor(rate), this.options.pollIntervalMs(),
											this.options.rafMin(), cell.get(1), cell.get(2));
									URI url = network.prepare(driver, scenario.protocol(), scenario.network());
									n++;
									this.console.printf(Locale.ROOT, "[%d/%d] %-60s", n, total, scenario.label());
									this.console.flush();
									Measured m = guarded(driver, pass, url, scenario, 1);
									if (m.result() == null) {
										// once more after a pause: a passing burst of load (another process, the
										// previous scenario's feed) should not cost the scenario
										this.console.print(" failed (" + m.error() + "), once more in 5 s:");
										this.console.flush();
										sleep(5000);
										m = guarded(driver, pass, url, scenario, 2);
									}
									else if (m.checks().disturbed()) {
										// the figures would be about another process: measure again, and say so if
										// it is still disturbed
										this.console.print(" DISTURBED (" + m.checks().why() + "), once more:");
										this.console.flush();
										m = guarded(driver, pass, url, scenario, 2);
									}
									if (m.result() != null) {
										measured.add(m);
										this.console.println(" " + Figures.oneLine(m) + " | " + m.checks().status()
												+ (m.checks().disturbed() ? " (" + m.checks().why() + ")" : "")
												+ (m.checks().wireProblem() == null ? ""
														: " | WIRE CHECK: " + m.checks().wireProblem()));
									}
									else {
										failures.add(scenario.label() + ": " + m.error());
										this.console.println(" FAILED: " + m.error());
									}
								}
							}
						}
					}
				}
			}
		}
		finally {
			if (session != null) {
				session.close();
			}
		}
		Comparison comparison = new Comparison(started, Instant.now(), Machine.describe(loadBefore),
				Versions.collect(browser, this.options.sources()), this.options, frameCheck, measured, failures,
				DxTable.count(this.options.sources()), DxTable.shared(this.options.sources()), idleCpu);
		List<Path> files = new ReportWriter(comparison, this.json).write(out);
		this.console.println("Wrote " + files.size() + " files to " + out.toAbsolutePath() + ":");
		files.forEach(file -> this.console.println("  " + file.getFileName()));
		if (this.options.out() == null) {
			this.console.println("  (" + Latest.point(this.options.outRoot(), out) + " points at it)");
		}
		comparison.targets().forEach(target -> this.console.println("  target " + target.oneLine()));
		return comparison;
	}

	private void warmUp(WebDriver driver, Pass pass, String compression) {
		if (this.options.warmupS() <= 0) {
			return;
		}
		int rate = Math.min(100, java.util.Collections.max(this.options.rates()));
		for (String transport : this.options.transports()) {
			Scenario warmup = new Scenario(transport, rate, this.options.markers().get(0), "coalesced", compression,
					this.options.warmupS(), this.options.pollIntervalMs(), this.options.rafMin());
			this.console.printf("warm-up  %s (not measured)%n", warmup.label());
			page(driver, pass.browserUrl(), warmup);
		}
	}

	private String describeMatrix() {
		return this.options.transports() + " x " + this.options.rates() + " events/s x " + this.options.markers()
				+ " markers x compression " + this.options.compression() + " x " + this.options.protocols()
				+ " x networks " + this.options.networks();
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
		return FrameCheck.measure(driver, this.options.displayHz(), this.options.rafMin());
	}

	/**
	 * One attempt at a scenario inside a noise-guard window: the rAF and frame-budget check on
	 * the benchmark page, then the scenario, with the relay's books noted before and after.
	 */
	private Measured guarded(WebDriver driver, Pass pass, URI url, Scenario scenario, int attempt) {
		NoiseGuard.Window window = this.guard.start();
		WireCheck wireBefore = pass.relay() == null ? null : WireCheck.take(pass.relay(), pass.meter());
		FrameCheck frames;
		try {
			driver.get(url + "/benchmark");
			frames = measureFrames(driver);
		}
		catch (RuntimeException ex) {
			// the page did not even load in time: the machine is too busy for this scenario's figures
			frames = FrameCheck.of(List.of(), this.options.displayHz(), this.options.rafMin(), FrameCheck.WORK_MS);
		}
		Measured m = measure(driver, pass, url, scenario);
		NoiseGuard.Verdict cpu = window.stop();
		String wireProblem = wireBefore == null ? null
				: WireCheck.problem(wireBefore, WireCheck.take(pass.relay(), pass.meter()));
		return m.with(new ScenarioChecks(cpu, frames, attempt, wireProblem));
	}

	/**
	 * One scenario: the page's own result, and what the relay and /proc saw of the same
	 * transport: the bytes of this scenario's feed only (each scenario has a fresh feed), and
	 * the app's CPU from the first to the last of those bytes.
	 */
	private Measured measure(WebDriver driver, Pass pass, URI browserUrl, Scenario scenario) {
		Set<String> keysBefore = pass.meter() == null ? Set.of() : pass.meter().keys();
		Map<String, Long> emptyBefore = pass.emptyAnswers();
		Outcome outcome = page(driver, browserUrl, scenario);
		if (outcome.result() == null) {
			return new Measured(scenario, null, null, Machine.loadAverage(), outcome.error());
		}
		WireCost wire = null;
		if (pass.meter() != null) {
			String kind = WireMeter.kind(scenario.transport()) + " ";
			List<String> keys = pass.meter()
				.keys()
				.stream()
				.filter(key -> key.startsWith(kind) && !keysBefore.contains(key))
				.toList();
			// the page has closed its connection; let the close handshake cross before reading
			long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (pass.meter().open(keys) > 0 && System.nanoTime() < deadline) {
				sleep(50);
			}
			WireMeter.Totals totals = WireMeter.Totals.sum(String.join("+", keys),
					keys.stream().map(pass.meter()::totals).toList());
			Long cpu = totals.firstNanos() == 0 ? null : pass.cpuNanos(totals.firstNanos(), totals.lastNanos());
			Map<String, Long> emptyAfter = pass.emptyAnswers();
			Long empty = emptyBefore.containsKey(scenario.transport()) && emptyAfter.containsKey(scenario.transport())
					? emptyAfter.get(scenario.transport()) - emptyBefore.get(scenario.transport()) : null;
			wire = WireCost.of(totals, cpu, empty);
		}
		return new Measured(scenario, outcome.result(), wire, Machine.loadAverage(), null, outcome.reconnects());
	}

	private Outcome page(WebDriver driver, URI baseUrl, Scenario scenario) {
		BenchPage.Outcome outcome = BenchPage.run(driver, baseUrl, scenario, this.json);
		return new Outcome(outcome.result(), outcome.error(), outcome.reconnects());
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

	/**
	 * A scenario, what the page measured, what crossed the relay (null: not measured) and the
	 * load average when it ended; error instead of a result when it failed; how often the
	 * page's dashboard reconnected; whether the figures can be trusted (other CPU, frame
	 * budget, the relay's books).
	 */
	record Measured(Scenario scenario, BenchResult result, WireCost wire, String loadAverage, String error,
			int reconnects, ScenarioChecks checks) {

		Measured(Scenario scenario, BenchResult result, WireCost wire, String loadAverage, String error,
				int reconnects) {
			this(scenario, result, wire, loadAverage, error, reconnects, ScenarioChecks.none());
		}

		Measured(Scenario scenario, BenchResult result, WireCost wire, String loadAverage, String error) {
			this(scenario, result, wire, loadAverage, error, 0);
		}

		Measured with(ScenarioChecks checks) {
			return new Measured(this.scenario, this.result, this.wire, this.loadAverage, this.error, this.reconnects,
					checks);
		}

		Measured(Scenario scenario, BenchResult result) {
			this(scenario, result, null, null, null);
		}

	}

	/** rAF was too slow to trust the figures. */
	static final class RefusedException extends RuntimeException {

		RefusedException(String message) {
			super(message);
		}

	}

}
