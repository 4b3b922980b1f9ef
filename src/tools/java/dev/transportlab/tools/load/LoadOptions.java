package dev.transportlab.tools.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.transportlab.tools.client.ServerOptions;

/**
 * The load command's flags (picocli). Unknown flags are an error, so that a typo never runs
 * a different test than the one asked for.
 */
@Command(name = "load", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
		usageHelpWidth = 110,
		description = { "N concurrent browser-like clients of one transport (or of each, one after another) against a "
				+ "benchmark feed of this project's server and, with --peer, of nginx+nchan and Node, pinned to "
				+ "cores; then a report (report.md, results.json, PNG charts) in --out.",
				"Run it with: mvn -Pload verify -Dload.args=\"--transport sse --clients 2000\"" })
final class LoadOptions {

	static final List<String> ALL = List.of("sse", "fetch", "websocket", "long-polling", "polling");

	static final List<String> PEERS = List.of("nchan", "node");

	@Option(names = "--transport", split = ",", paramLabel = "LIST",
			description = "sse, fetch, websocket, long-polling, polling or all (comma list)")
	List<String> transports = List.of("all");

	@Option(names = "--clients", paramLabel = "N", description = "concurrent clients per transport and server")
	int clients = 1000;

	@Option(names = "--ramp-up", paramLabel = "S", description = "seconds over which the clients connect, evenly spread")
	int rampUpSeconds = 10;

	@Option(names = "--duration", paramLabel = "S", description = "seconds measured after the ramp-up")
	int durationSeconds = 30;

	@Option(names = "--rate", paramLabel = "R", description = "events per second of the feed")
	int rate = 10;

	@Option(names = "--markers", paramLabel = "M", description = "markers per event (20 markers: about 460 bytes)")
	int markers = 20;

	@Option(names = "--poll-interval", paramLabel = "MS", description = "short polling period per client, milliseconds")
	int pollIntervalMillis = 1000;

	@Option(names = "--long-poll-wait", paramLabel = "S", description = "wait= of long polls, seconds")
	int longPollWait = 25;

	@Option(names = "--ws-deflate", paramLabel = "on|off",
			description = "WebSocket clients offer permessage-deflate as browsers do (on) or not (off)")
	String wsDeflate = "on";

	@Option(names = "--lab-ws-compression", paramLabel = "true|false",
			description = "this project's lab.websocket.compression for the started server (false: it declines the "
					+ "clients' permessage-deflate); empty: the app's default (true)")
	String labWsCompression = "";

	@Option(names = "--peer", split = ",", paramLabel = "LIST",
			description = "also measure these servers the same way, side by side: nchan (nginx + nchan module), "
					+ "node (Node with ws); SSE and WebSocket only")
	List<String> peers = new ArrayList<>();

	@Mixin
	ServerOptions server = new ServerOptions("target/load", "-Xmx2g -XX:+UseSerialGC", "");

	@Option(names = "--client-cpus", paramLabel = "CPUS",
			description = "taskset CPU list this load generator moves itself (all its threads) and the peers' "
					+ "publisher to (e.g. 1); empty: unpinned")
	String clientCpus = "";

	@Option(names = "--base-url", paramLabel = "URL",
			description = "test a running app (loopback only) instead of starting the packaged jar")
	URI baseUrl;

	@Option(names = "--also-jar", paramLabel = "NAME=PATH",
			description = "also start this build of the app and measure it the same way, beside --jar, as server "
					+ "transport-lab-NAME (e.g. jetty=target/jetty/transport-lab-jetty.jar); repeatable")
	Map<String, Path> alsoJars = new LinkedHashMap<>();

	@Option(names = "--server-pid", paramLabel = "PID",
			description = "with --base-url: the server's pid, for its CPU, memory and writes from /proc")
	Long serverPid;

	@Option(names = "--source-addresses", paramLabel = "K",
			description = "spread client source addresses over 127.0.0.1..K; 0: one per 25,000 clients")
	int sourceAddresses;

	@Option(names = "--repeat", paramLabel = "N",
			description = "run each server N times, interleaved (lab, peer, lab, peer, ...); the report shows the "
					+ "median with min-max and flags a spread over 20 %%")
	int repeat = 1;

	@Option(names = "--noise-threshold", paramLabel = "PCT",
			description = "CPU used by anything but the servers and this load generator, in %% of one core averaged "
					+ "over the measured window, above which a row is marked disturbed")
	double noiseThreshold = 5;

	@Option(names = "--clients-per-http-client", paramLabel = "N", hidden = true,
			description = "ignored (the JDK HttpClient's selector split; the Jetty clients need none)")
	int clientsPerHttpClient;

	@Option(names = "--jfr", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
			description = "record a JFR profile of the started server (--out/server-*.jfr)")
	boolean jfr;

	@Option(names = "--quiet", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
			description = "a progress line every 5 s instead of every second")
	boolean quiet;

	/**
	 * Parses and checks the flags. Maven passes {@code -Dload.args="..."} as one string: it is
	 * split the way a shell would, roughly, and {@code --server-jvm-args} takes every word up
	 * to the next flag, so {@code -Xmx2g -XX:...} works unquoted.
	 */
	static LoadOptions parse(String... rawArgs) {
		List<String> words = new ArrayList<>();
		for (String raw : rawArgs) {
			words.addAll(Arrays.stream(raw.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList());
		}
		List<String> args = new ArrayList<>();
		for (int i = 0; i < words.size(); i++) {
			String word = words.get(i);
			boolean joined = word.startsWith("--server-jvm-args=");
			if (!joined && !(word.equals("--server-jvm-args") && i + 1 < words.size())) {
				args.add(word);
				continue;
			}
			// the form with '=' carries the first JVM word itself
			args.add("--server-jvm-args");
			StringBuilder jvm = new StringBuilder(joined ? word.substring("--server-jvm-args=".length()) : words.get(++i));
			while (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
				jvm.append(' ').append(words.get(++i));
			}
			args.add(jvm.toString());
		}
		LoadOptions options = new LoadOptions();
		CommandLine line = new CommandLine(options);
		line.setCaseInsensitiveEnumValuesAllowed(true);
		CommandLine.ParseResult result = line.parseArgs(args.toArray(String[]::new));
		if (result.isUsageHelpRequested() || result.isVersionHelpRequested()) {
			throw new HelpRequested(line.getUsageMessage());
		}
		return options.checked();
	}

	/** --help (or -h): the usage text, printed by the caller. */
	static final class HelpRequested extends RuntimeException {

		HelpRequested(String usage) {
			super(usage, null, false, false);
		}

	}

	private LoadOptions checked() {
		List<String> asked = new ArrayList<>();
		for (String name : this.transports) {
			String t = name.strip().toLowerCase(Locale.ROOT);
			if (t.equals("all")) {
				asked.addAll(ALL);
			}
			else if (ALL.contains(t)) {
				asked.add(t);
			}
			else {
				throw new IllegalArgumentException("--transport must be one of " + ALL + " or all, got '" + name + "'");
			}
		}
		this.transports = List.copyOf(asked);
		for (String peer : this.peers) {
			if (!PEERS.contains(peer)) {
				throw new IllegalArgumentException("--peer must be among " + PEERS + ", got '" + peer + "'");
			}
		}
		positive(this.clients, "clients");
		positive(this.rampUpSeconds, "ramp-up");
		positive(this.durationSeconds, "duration");
		positive(this.rate, "rate");
		positive(this.markers, "markers");
		positive(this.pollIntervalMillis, "poll-interval");
		positive(this.longPollWait, "long-poll-wait");
		if (!this.wsDeflate.equals("on") && !this.wsDeflate.equals("off")) {
			throw new IllegalArgumentException("--ws-deflate must be on or off, got '" + this.wsDeflate + "'");
		}
		if (!List.of("", "true", "false").contains(this.labWsCompression)) {
			throw new IllegalArgumentException(
					"--lab-ws-compression must be true or false, got '" + this.labWsCompression + "'");
		}
		if (this.baseUrl != null) {
			String url = this.baseUrl.toString();
			this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
			String host = this.baseUrl.getHost();
			// loopback only: this tool must never load someone else's machine
			if (host == null || !(host.equals("localhost") || host.startsWith("127."))) {
				throw new IllegalArgumentException("--base-url must point at loopback (localhost or 127.x.x.x), got " + url);
			}
		}
		if (this.baseUrl != null && !this.alsoJars.isEmpty()) {
			throw new IllegalArgumentException("--also-jar starts servers: it does not go with --base-url");
		}
		positive(this.repeat, "repeat");
		if (this.noiseThreshold <= 0) {
			throw new IllegalArgumentException("--noise-threshold must be above 0 (% of a core), got " + this.noiseThreshold);
		}
		// one source address has ~28k ephemeral ports (32768-60999); stay well below
		int needed = (this.clients + 24_999) / 25_000;
		this.sourceAddresses = Math.max(Math.max(1, this.sourceAddresses), needed);
		if (this.sourceAddresses > 254) {
			throw new IllegalArgumentException("--source-addresses must be 1..254");
		}
		return this;
	}

	/** CPUs a --server-cpus/--client-cpus list names ("0", "0-1", "0,2-3"); nproc when empty. */
	static int cpuCount(String cpus) {
		return cpuCount(cpus, Runtime.getRuntime().availableProcessors());
	}

	static int cpuCount(String cpus, int nproc) {
		if (cpus == null || cpus.isBlank()) {
			return nproc;
		}
		int count = 0;
		for (String part : cpus.strip().split(",")) {
			String[] range = part.strip().split("-");
			count += range.length == 1 ? 1 : Integer.parseInt(range[1].strip()) - Integer.parseInt(range[0].strip()) + 1;
		}
		return count;
	}

	private static void positive(int value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException("--" + name + " must be a whole number > 0, got " + value);
		}
	}

	/** Application arguments of the started server. */
	List<String> serverAppArgs() {
		return this.labWsCompression.isEmpty() ? List.of()
				: List.of("--lab.websocket.compression=" + this.labWsCompression);
	}

	boolean webSocketDeflate() {
		return this.wsDeflate.equals("on");
	}

	/** The command line as a reader would type it again (for the report). */
	String describe() {
		return "--transport " + String.join(",", this.transports) + " --clients " + this.clients + " --ramp-up "
				+ this.rampUpSeconds + " --duration " + this.durationSeconds + " --rate " + this.rate + " --markers "
				+ this.markers + " --poll-interval " + this.pollIntervalMillis + " --long-poll-wait " + this.longPollWait
				+ " --ws-deflate " + this.wsDeflate
				+ (this.labWsCompression.isEmpty() ? "" : " --lab-ws-compression " + this.labWsCompression) + (this.peers.isEmpty() ? "" : " --peer " + String.join(",", this.peers))
				+ (this.server.cpus().isEmpty() ? "" : " --server-cpus " + this.server.cpus())
				+ (this.clientCpus.isEmpty() ? "" : " --client-cpus " + this.clientCpus)
				+ (this.baseUrl != null ? " --base-url " + this.baseUrl : "")
				+ this.alsoJars.entrySet().stream().map(e -> " --also-jar " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining())
				+ " --source-addresses "
				+ this.sourceAddresses + (this.repeat == 1 ? "" : " --repeat " + this.repeat)
				+ (this.noiseThreshold == 5 ? "" : " --noise-threshold " + this.noiseThreshold)
				+ (this.baseUrl == null ? " --server-jvm-args " + this.server.jvmArgs() : "");
	}

}
