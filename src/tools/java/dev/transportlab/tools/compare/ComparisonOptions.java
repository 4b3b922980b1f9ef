package dev.transportlab.tools.compare;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The flags of the comparison run (picocli; {@code --help} prints each with its default and
 * unit). Every dimension of the matrix is a comma-separated list; the defaults measure every
 * transport at 1, 10, 100 and 1000 events/s, with compression on and off, in about thirteen
 * minutes on a 2-core machine ({@link #estimatedSeconds()}).
 */
record ComparisonOptions(URI baseUrl, URI webdriverUrl, List<String> transports, List<Integer> rates,
		List<Integer> markers, List<String> modes, List<String> compression, Integer fixedDurationS, int warmupS,
		int pollIntervalMs, double displayHz, double rafMin, Path out, Path outRoot, Path sources, Path jar,
		String serverJvmArgs, Long serverPid, boolean relay, boolean help, List<String> protocols,
		List<String> networks, double noiseThresholdCores) {

	static final List<String> ALL_TRANSPORTS = List.of("polling", "long-polling", "websocket", "sse", "fetch");

	static final List<String> ALL_MODES = List.of("coalesced", "every");

	static final List<String> COMPRESSION = List.of("on", "off");

	/** The compression value of a run against a running app: whatever it is configured with. */
	static final String AS_CONFIGURED = "app";

	/** Events an auto-length scenario aims at, within 6..20 s (so 20 events at 1/s). */
	static final int AIM_EVENTS = 100;

	/** The picocli view of the flags: parsed into it, then checked into the record. */
	@Command(name = "ComparisonRun", sortOptions = false, usageHelpWidth = 110,
			description = { "Drives headless Chromium through the benchmark page for a matrix of scenarios "
					+ "(transport x rate x markers x render mode x compression), one at a time, with a byte-counting "
					+ "relay between browser and app, and writes report.md, results.json, results.csv and PNG charts.",
					"Local runs use /usr/bin/chromium and /usr/bin/chromedriver (Debian's packages).", "" })
	static final class Flags {

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help and exit")
		boolean help;

		@Option(names = "--base-url", paramLabel = "URL",
				description = "use a running app (loopback only for wire figures; default: start the jar, once per "
						+ "compression setting)")
		String baseUrl;

		@Option(names = "--server-pid", paramLabel = "PID",
				description = "with --base-url: the app's process id, for server CPU time (default: none, CPU n/a)")
		Long serverPid;

		@Option(names = "--webdriver-url", paramLabel = "URL",
				description = "a remote WebDriver (e.g. a Selenium container; the relay is then not in the path and "
						+ "wire figures are n/a); default: local ChromeDriver")
		String webdriverUrl;

		@Option(names = "--transports", paramLabel = "LIST", defaultValue = "polling,long-polling,websocket,sse,fetch",
				description = "transports, comma-separated (default: ${DEFAULT-VALUE})")
		String transports;

		@Option(names = "--rates", paramLabel = "LIST", defaultValue = "1,10,100,1000",
				description = "feed rates in events/s, 1..1000 (default: ${DEFAULT-VALUE})")
		String rates;

		@Option(names = "--markers", paramLabel = "LIST", defaultValue = "100",
				description = "markers per event, 1..1000, about 18 bytes of JSON each (default: ${DEFAULT-VALUE})")
		String markers;

		@Option(names = "--modes", paramLabel = "LIST", defaultValue = "coalesced",
				description = "render modes: coalesced (once per frame), every (once per event) "
						+ "(default: ${DEFAULT-VALUE})")
		String modes;

		@Option(names = "--compression", paramLabel = "LIST",
				description = "on: gzip on polling answers and SSE (lab.http.compression) and WebSocket "
						+ "permessage-deflate (lab.websocket.compression); off: neither. The app is started once per "
						+ "value (default: on,off; with --base-url: app, the app's own settings)")
		String compression;

		@Option(names = "--duration", paramLabel = "S|auto", defaultValue = "auto",
				description = "seconds measured per scenario; auto: " + AIM_EVENTS
						+ " events' worth within 6..20 s (20 s at 1/s, 10 s at 10/s, 6 s from 100/s) "
						+ "(default: ${DEFAULT-VALUE})")
		String duration;

		@Option(names = "--warmup", paramLabel = "S", defaultValue = "2",
				description = "unmeasured warm-up per transport before the matrix, in seconds, 0 for none "
						+ "(default: ${DEFAULT-VALUE})")
		int warmup;

		@Option(names = "--poll-interval", paramLabel = "MS", defaultValue = "100",
				description = "short-polling interval in milliseconds, 10..60000 (default: ${DEFAULT-VALUE})")
		int pollInterval;

		@Option(names = "--display-hz", paramLabel = "HZ", defaultValue = "60",
				description = "the display rate requestAnimationFrame must run at, in Hz (default: ${DEFAULT-VALUE})")
		int displayHz;

		@Option(names = "--raf-min", paramLabel = "SHARE", defaultValue = "0.9",
				description = "refuse to measure unless rAF reaches this share of the display rate, 0.1..1 "
						+ "(default: ${DEFAULT-VALUE})")
		double rafMin;

		@Option(names = "--noise-threshold", paramLabel = "PCT", defaultValue = "5",
				description = "CPU used by anything but the app, this run and its browser, in %% of one core averaged "
						+ "over a scenario, above which the scenario is marked disturbed and run once more "
						+ "(default: ${DEFAULT-VALUE})")
		double noiseThreshold;

		@Option(names = "--protocol", paramLabel = "LIST", defaultValue = "h1",
				description = "h1: HTTP/1.1 to the app; h2: HTTP/2 through the TLS front (Debian's nginx with "
						+ "docker/nginx/tls.conf.template, started by the run) (default: ${DEFAULT-VALUE})")
		String protocol;

		@Option(names = "--network", paramLabel = "LIST", defaultValue = "loopback",
				description = "network profiles of docs/networks.md: loopback, wifi, 4g, 3g-lossy "
						+ "(default: ${DEFAULT-VALUE})")
		String network;

		@Option(names = "--out", paramLabel = "DIR",
				description = "write the report here, as is (default: a new folder per run under --out-root)")
		Path out;

		@Option(names = "--out-root", paramLabel = "DIR", defaultValue = "target/comparison",
				description = "each run writes <out-root>/<yyyyMMdd-HHmmss>/ and points <out-root>/latest at it "
						+ "(default: ${DEFAULT-VALUE})")
		Path outRoot;

		@Option(names = "--sources", paramLabel = "DIR", defaultValue = ".",
				description = "project root whose sources the DX table counts (default: ${DEFAULT-VALUE})")
		Path sources;

		@Option(names = "--jar", paramLabel = "PATH", defaultValue = "target/transport-lab-0.1.0-SNAPSHOT.jar",
				description = "the packaged app, started as its own JVM (default: ${DEFAULT-VALUE})")
		Path jar;

		@Option(names = "--relay", paramLabel = "on|off", defaultValue = "on",
				description = "put the counting relay between browser and app; off: the browser talks to the app "
						+ "directly and wire figures are n/a, to see what the relay itself costs (default: ${DEFAULT-VALUE})")
		String relay;

		@Option(names = "--server-jvm-args", paramLabel = "ARGS", defaultValue = "-Xms256m -Xmx1g",
				description = "JVM options of the started app (default: ${DEFAULT-VALUE})")
		String serverJvmArgs;

	}

	int scenarioCount() {
		return this.transports.size() * this.rates.size() * this.markers.size() * this.modes.size()
				* this.compression.size() * this.protocols.size() * this.networks.size();
	}

	/** Seconds measured at {@code rate}: the fixed --duration, or {@link #AIM_EVENTS} events' worth in 6..20 s. */
	int durationFor(int rate) {
		if (this.fixedDurationS != null) {
			return this.fixedDurationS;
		}
		return Math.max(6, Math.min(20, (int) Math.ceil((double) AIM_EVENTS / rate)));
	}

	/** How the report names the durations. */
	String durationText() {
		if (this.fixedDurationS != null) {
			return this.fixedDurationS + " s per scenario";
		}
		List<String> parts = new ArrayList<>();
		for (int rate : this.rates) {
			parts.add(durationFor(rate) + " s at " + rate + "/s");
		}
		return String.join(", ", parts);
	}

	/**
	 * Seconds the matrix takes, roughly: measurement plus about 6 s per scenario for page
	 * load, clock sync, the noise and frame checks and wind-down, 30 s per app start, and
	 * the warm-ups.
	 */
	int estimatedSeconds() {
		int perPass = 0;
		for (int rate : this.rates) {
			perPass += (durationFor(rate) + 6) * this.transports.size() * this.markers.size() * this.modes.size()
					* this.protocols.size() * this.networks.size();
		}
		int warmups = this.warmupS > 0 ? this.transports.size() * (this.warmupS + 4) : 0;
		int starts = this.baseUrl == null ? 30 : 0;
		return this.compression.size() * (perPass + warmups + starts);
	}

	/** The report folder: --out, or a new timestamped folder under --out-root. */
	Path reportDir(LocalDateTime now) {
		return this.out != null ? this.out
				: this.outRoot.resolve(now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
	}

	static String usage() {
		StringWriter text = new StringWriter();
		new CommandLine(new Flags()).usage(new PrintWriter(text));
		return text.toString();
	}

	static ComparisonOptions parse(String... args) {
		Flags f = new Flags();
		try {
			new CommandLine(f).parseArgs(nonBlank(args));
		}
		catch (CommandLine.ParameterException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
		Integer fixed = "auto".equalsIgnoreCase(f.duration.strip()) ? null
				: number(f.duration, 1, 3600, "duration");
		range(f.warmup, 0, 60, "warmup");
		range(f.pollInterval, 10, 60_000, "poll-interval");
		range(f.displayHz, 10, 500, "display-hz");
		if (f.noiseThreshold <= 0 || f.noiseThreshold > 200) {
			throw new IllegalArgumentException("--noise-threshold must be above 0 and at most 200 (% of a core), got "
					+ f.noiseThreshold);
		}
		if (f.rafMin < 0.1 || f.rafMin > 1) {
			throw new IllegalArgumentException("--raf-min must be 0.1..1, got " + f.rafMin);
		}
		URI baseUrl = uri(f.baseUrl);
		List<String> compression;
		if (baseUrl != null) {
			// a running app cannot be restarted with other settings: the relay shows what it does
			if (f.compression != null && !f.compression.strip().equals(AS_CONFIGURED)) {
				throw new IllegalArgumentException("--compression " + f.compression
						+ ": with --base-url the run cannot restart the app with each setting; leave it out");
			}
			compression = List.of(AS_CONFIGURED);
		}
		else {
			compression = words(f.compression == null ? "on,off" : f.compression, COMPRESSION, "compression");
		}
		return new ComparisonOptions(baseUrl, uri(f.webdriverUrl), words(f.transports, ALL_TRANSPORTS, "transports"),
				numbers(f.rates, 1, 1000, "rates"), numbers(f.markers, 1, 1000, "markers"),
				words(f.modes, ALL_MODES, "modes"), compression, fixed, f.warmup, f.pollInterval, f.displayHz,
				f.rafMin, f.out, f.outRoot, f.sources, f.jar, f.serverJvmArgs, f.serverPid,
				words(f.relay, List.of("on", "off"), "relay").get(0).equals("on"), f.help,
				words(f.protocol, Network.PROTOCOLS, "protocol"), words(f.network, Network.NAMES, "network"),
				f.noiseThreshold / 100);
	}

	private static String[] nonBlank(String... args) {
		return java.util.Arrays.stream(args).filter(arg -> !arg.isBlank()).toArray(String[]::new);
	}

	private static URI uri(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
		if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
			throw new IllegalArgumentException("Expected an http(s) URL, got '" + value + "'");
		}
		return uri;
	}

	private static List<String> words(String value, List<String> allowed, String flag) {
		List<String> words = new ArrayList<>();
		for (String word : value.split(",")) {
			String w = word.strip();
			if (!allowed.contains(w)) {
				throw new IllegalArgumentException("--" + flag + ": '" + w + "' is not one of " + allowed);
			}
			if (!words.contains(w)) {
				words.add(w);
			}
		}
		return List.copyOf(words);
	}

	private static List<Integer> numbers(String value, int min, int max, String flag) {
		return java.util.Arrays.stream(value.split(",")).map(v -> number(v.strip(), min, max, flag)).distinct().toList();
	}

	private static int number(String value, int min, int max, String flag) {
		try {
			return range(Integer.parseInt(value.strip()), min, max, flag);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + flag + " expects whole numbers, got '" + value + "'");
		}
	}

	private static int range(int n, int min, int max, String flag) {
		if (n < min || n > max) {
			throw new IllegalArgumentException("--" + flag + " must be " + min + ".." + max + ", got " + n);
		}
		return n;
	}

}
