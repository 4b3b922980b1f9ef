package dev.transportlab.tools.compare;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flags of the comparison run. Every dimension of the matrix is a comma-separated list;
 * the defaults measure the DESIGN targets (100 and 1000 events/s, 100 markers, both render
 * modes, every transport) in about five minutes.
 */
record ComparisonOptions(URI baseUrl, URI webdriverUrl, List<String> transports, List<Integer> rates,
		List<Integer> markers, List<String> modes, int durationS, int warmupS, int pollIntervalMs, double displayHz,
		double rafMin,
		Path out, Path sources, boolean help, List<String> protocols, List<String> networks) {

	static final List<String> ALL_TRANSPORTS = List.of("polling", "long-polling", "websocket", "sse");

	static final List<String> ALL_MODES = List.of("coalesced", "every");

	static final String USAGE = """
			Comparison run: drives headless Chromium through the benchmark page for a matrix of scenarios
			and writes report.md, results.json, results.csv and PNG charts.

			  --base-url URL        use a running app (default: start one on a free port)
			  --webdriver-url URL   a remote WebDriver (e.g. a Selenium container); default: local ChromeDriver
			  --transports LIST     default polling,long-polling,websocket,sse
			  --rates LIST          events/s, default 100,1000
			  --markers LIST        markers per event, default 100
			  --modes LIST          coalesced,every (render once per frame, or on every event); default both
			  --duration S          seconds measured per scenario, default 10
			  --warmup S            unmeasured warm-up per transport before the matrix, default 2 (0: none)
			  --poll-interval MS    short-polling interval, default 100
			  --display-hz HZ       the display rate requestAnimationFrame must run at, default 60
			  --raf-min SHARE       refuse unless rAF reaches this share of it, default 0.9
			  --protocol LIST       h1 (straight to the app) and/or h2 (through the TLS front, Debian's nginx); default h1
			  --network LIST        network profiles of docs/networks.md: loopback, wifi, 4g, 3g-lossy; default loopback
			  --out DIR             default target/comparison
			  --sources DIR         project root whose sources the DX table counts, default .

			Local runs use /usr/bin/chromium and /usr/bin/chromedriver (Debian's packages).
			""";

	int scenarioCount() {
		return this.transports.size() * this.rates.size() * this.markers.size() * this.modes.size()
				* this.protocols.size() * this.networks.size();
	}

	/** Seconds the matrix takes, roughly: measurement plus page load, clock sync and wind-down. */
	int estimatedSeconds() {
		return scenarioCount() * (this.durationS + 4) + (this.warmupS > 0 ? this.transports.size() * (this.warmupS + 4) : 0);
	}

	static ComparisonOptions parse(String... args) {
		Map<String, String> flags = new LinkedHashMap<>();
		boolean help = false;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.isBlank()) {
				continue;
			}
			if (arg.equals("--help") || arg.equals("-h")) {
				help = true;
				continue;
			}
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
			}
			String name = arg.substring(2);
			String value;
			int eq = name.indexOf('=');
			if (eq >= 0) {
				value = name.substring(eq + 1);
				name = name.substring(0, eq);
			}
			else if (i + 1 < args.length) {
				value = args[++i];
			}
			else {
				throw new IllegalArgumentException("Flag --" + name + " needs a value");
			}
			if (!KNOWN.contains(name)) {
				throw new IllegalArgumentException("Unknown flag --" + name);
			}
			flags.put(name, value);
		}
		List<String> transports = words(flags.getOrDefault("transports", String.join(",", ALL_TRANSPORTS)), ALL_TRANSPORTS,
				"transports");
		List<String> modes = words(flags.getOrDefault("modes", String.join(",", ALL_MODES)), ALL_MODES, "modes");
		List<Integer> rates = numbers(flags.getOrDefault("rates", "100,1000"), 1, 1000, "rates");
		List<Integer> markers = numbers(flags.getOrDefault("markers", "100"), 1, 1000, "markers");
		int duration = number(flags.getOrDefault("duration", "10"), 1, 3600, "duration");
		int warmup = number(flags.getOrDefault("warmup", "2"), 0, 60, "warmup");
		int pollInterval = number(flags.getOrDefault("poll-interval", "100"), 10, 60_000, "poll-interval");
		int displayHz = number(flags.getOrDefault("display-hz", "60"), 10, 500, "display-hz");
		double rafMin = share(flags.getOrDefault("raf-min", "0.9"), "raf-min");
		return new ComparisonOptions(uri(flags.get("base-url")), uri(flags.get("webdriver-url")), transports, rates,
				markers, modes, duration, warmup, pollInterval, displayHz, rafMin,
				Path.of(flags.getOrDefault("out", "target/comparison")), Path.of(flags.getOrDefault("sources", ".")),
				help, words(flags.getOrDefault("protocol", "h1"), Network.PROTOCOLS, "protocol"),
				words(flags.getOrDefault("network", "loopback"), Network.NAMES, "network"));
	}

	private static final Set<String> KNOWN = Set.of("base-url", "webdriver-url", "transports", "rates", "markers",
			"modes", "duration", "warmup", "poll-interval", "display-hz", "raf-min", "out", "sources", "protocol",
			"network");

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

	private static double share(String value, String flag) {
		try {
			double share = Double.parseDouble(value.strip());
			if (share < 0.1 || share > 1) {
				throw new IllegalArgumentException("--" + flag + " must be 0.1..1, got " + value);
			}
			return share;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + flag + " expects a number like 0.9, got '" + value + "'");
		}
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
		return Arrays.stream(value.split(",")).map(v -> number(v.strip(), min, max, flag)).distinct().toList();
	}

	private static int number(String value, int min, int max, String flag) {
		try {
			int n = Integer.parseInt(value.strip());
			if (n < min || n > max) {
				throw new IllegalArgumentException("--" + flag + " must be " + min + ".." + max + ", got " + n);
			}
			return n;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + flag + " expects whole numbers, got '" + value + "'");
		}
	}

}
