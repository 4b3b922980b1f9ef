package dev.transportlab.tools.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load command's flags. Every flag is {@code --name value}; unknown flags are an error,
 * so that a typo never runs a different test than the one asked for.
 */
record LoadOptions(List<String> transports, int clients, Duration rampUp, Duration duration, int rate, int markers,
		Duration pollInterval, int longPollWait, URI baseUrl, Path jar, String serverJvmArgs, Long serverPid,
		Path out, int sourceAddresses, int clientsPerHttpClient, boolean jfr, boolean quiet, boolean wsDeflate) {

	static final List<String> ALL = List.of("sse", "websocket", "long-polling", "polling");

	static final String USAGE = """
			Load command: N concurrent clients of one transport (or all, one after another) against a benchmark feed.
			  --transport sse|websocket|long-polling|polling|all   (default all; a comma list works too)
			  --clients N              concurrent clients per transport (default 1000)
			  --ramp-up S              seconds to open them, evenly spread (default 10)
			  --duration S             seconds measured after the ramp-up (default 30)
			  --rate R                 events/s of the benchmark feed (default 10)
			  --markers M              markers per event (default 20)
			  --poll-interval MS       short polling period per client (default 1000)
			  --long-poll-wait S       wait= of long polls (default 25)
			  --base-url URL           test a running app (loopback only); default: start the packaged jar
			  --jar PATH               the jar to start (default target/transport-lab-0.1.0-SNAPSHOT.jar)
			  --server-jvm-args "..."  JVM options of the started server (default "-Xms1g -Xmx4g")
			  --server-pid PID         with --base-url: the server's pid, for GC'd heap and RSS per connection
			  --out DIR                report directory (default target/load)
			  --source-addresses K     spread client source addresses over 127.0.0.1..K (default: 1, more above 25k clients)
			  --clients-per-http-client N   connections per JDK HttpClient, i.e. per selector thread (default 1000)
			  --jfr true               record a JFR profile of the started server (target/load/server-*.jfr)
			""";

	static LoadOptions parse(String... rawArgs) {
		// Maven passes -Dload.args="..." as one string: split it the way a shell would, roughly
		List<String> args = new ArrayList<>();
		for (String raw : rawArgs) {
			args.addAll(Arrays.stream(raw.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList());
		}
		Map<String, String> flags = new LinkedHashMap<>();
		for (int i = 0; i < args.size(); i++) {
			String flag = args.get(i);
			if (flag.equals("--help") || flag.equals("-h")) {
				throw new IllegalArgumentException("help");
			}
			if (!flag.startsWith("--") || i + 1 >= args.size()) {
				throw new IllegalArgumentException("expected --flag value, got '" + flag + "'");
			}
			String value = args.get(++i);
			// the JVM args flag takes the rest up to the next known flag, so "-Xmx2g -XX:..." works unquoted
			if (flag.equals("--server-jvm-args")) {
				StringBuilder jvm = new StringBuilder(value);
				while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
					jvm.append(' ').append(args.get(++i));
				}
				value = jvm.toString();
			}
			flags.put(flag.substring(2), value);
		}
		LoadOptions options = new LoadOptions(transports(flags.remove("transport")),
				positive(flags.remove("clients"), 1000, "clients"),
				Duration.ofSeconds(positive(flags.remove("ramp-up"), 10, "ramp-up")),
				Duration.ofSeconds(positive(flags.remove("duration"), 30, "duration")),
				positive(flags.remove("rate"), 10, "rate"), positive(flags.remove("markers"), 20, "markers"),
				Duration.ofMillis(positive(flags.remove("poll-interval"), 1000, "poll-interval")),
				positive(flags.remove("long-poll-wait"), 25, "long-poll-wait"), baseUrl(flags.remove("base-url")),
				Path.of(flags.getOrDefault("jar", "target/transport-lab-0.1.0-SNAPSHOT.jar")),
				flags.getOrDefault("server-jvm-args", "-Xms1g -Xmx4g"),
				flags.containsKey("server-pid") ? Long.valueOf(flags.get("server-pid")) : null,
				Path.of(flags.getOrDefault("out", "target/load")), 0,
				positive(flags.remove("clients-per-http-client"), 1000, "clients-per-http-client"),
				Boolean.parseBoolean(flags.getOrDefault("jfr", "false")),
				Boolean.parseBoolean(flags.getOrDefault("quiet", "false")),
				!"off".equals(flags.getOrDefault("ws-deflate", "on")));
		int sources = positive(flags.remove("source-addresses"), 0, "source-addresses");
		for (String known : List.of("jar", "server-jvm-args", "server-pid", "out", "jfr", "quiet", "ws-deflate")) {
			flags.remove(known);
		}
		if (!flags.isEmpty()) {
			throw new IllegalArgumentException("unknown flag(s): --" + String.join(", --", flags.keySet()));
		}
		// one source address has ~28k ephemeral ports (32768-60999); stay well below
		int needed = (options.clients + 24_999) / 25_000;
		return options.withSourceAddresses(Math.max(Math.max(1, sources), needed));
	}

	LoadOptions withSourceAddresses(int sources) {
		if (sources > 254) {
			throw new IllegalArgumentException("--source-addresses must be 1..254");
		}
		return new LoadOptions(this.transports, this.clients, this.rampUp, this.duration, this.rate, this.markers,
				this.pollInterval, this.longPollWait, this.baseUrl, this.jar, this.serverJvmArgs, this.serverPid,
				this.out, sources, this.clientsPerHttpClient, this.jfr, this.quiet, this.wsDeflate);
	}

	/** The command line as a reader would type it again (for the report). */
	String describe() {
		return "--transport " + String.join(",", this.transports) + " --clients " + this.clients + " --ramp-up "
				+ this.rampUp.toSeconds() + " --duration " + this.duration.toSeconds() + " --rate " + this.rate
				+ " --markers " + this.markers + " --poll-interval " + this.pollInterval.toMillis()
				+ " --long-poll-wait " + this.longPollWait + (this.baseUrl != null ? " --base-url " + this.baseUrl : "")
				+ " --source-addresses " + this.sourceAddresses + " --clients-per-http-client "
				+ this.clientsPerHttpClient + (this.baseUrl == null ? " --server-jvm-args " + this.serverJvmArgs : "");
	}

	private static List<String> transports(String value) {
		if (value == null || value.equals("all")) {
			return ALL;
		}
		List<String> transports = new ArrayList<>();
		for (String name : value.toLowerCase(Locale.ROOT).split(",")) {
			if (!ALL.contains(name.strip())) {
				throw new IllegalArgumentException("--transport must be one of " + ALL + " or all, got '" + name + "'");
			}
			transports.add(name.strip());
		}
		return List.copyOf(transports);
	}

	private static int positive(String value, int fallback, String name) {
		if (value == null) {
			return fallback;
		}
		try {
			int number = Integer.parseInt(value.strip());
			if (number > 0) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// same message below
		}
		throw new IllegalArgumentException("--" + name + " must be a whole number > 0, got '" + value + "'");
	}

	private static URI baseUrl(String value) {
		if (value == null) {
			return null;
		}
		URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
		String host = uri.getHost();
		// loopback only: this tool must never load someone else's machine
		if (host == null || !(host.equals("localhost") || host.startsWith("127."))) {
			throw new IllegalArgumentException("--base-url must point at loopback (localhost or 127.x.x.x), got " + value);
		}
		return uri;
	}

}
