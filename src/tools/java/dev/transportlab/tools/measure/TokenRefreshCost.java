package dev.transportlab.tools.measure;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.AsyncClients;
import dev.transportlab.tools.client.ClientOptions;
import dev.transportlab.tools.client.FeedClient;
import dev.transportlab.tools.client.JsonHttp;
import dev.transportlab.tools.client.Token;
import dev.transportlab.tools.client.TokenSource;
import dev.transportlab.tools.load.NoiseGuard;
import dev.transportlab.tools.load.ProcStats;

import tools.jackson.databind.json.JsonMapper;

/**
 * What a token refresh costs on each transport (issue 24): N clients per transport read a
 * private feed with tokens that live {@code --token-ttl}, each carrying its own tokens the
 * way its browser API can (Authorization: Bearer for fetch and the polls, the lab_token
 * cookie for EventSource and WebSocket). At each expiry the server ends the stream (SSE and
 * fetch {@code auth-expired}, WebSocket close 4001, a waiting long poll 401); the client
 * takes a fresh token and resumes at once from its last id. Per transport: refreshes,
 * reconnects, 401s, events lost or twice, and the time without data across a refresh
 * against the longest time without data otherwise. Transports run one after another on one
 * server started from the jar, pinned to {@code --server-cpu}; pin this JVM elsewhere:
 * <pre>
 * mvn -Ptool verify -Dtool=measure.TokenRefreshCost -Dtool.jvm.args="..." -Dtool.args="--clients 200"
 * </pre>
 * Writes {@code token-refresh.md} and {@code token-refresh.json} to {@code --out}.
 */
@Command(name = "token-refresh-cost", mixinStandardHelpOptions = true, showDefaultValues = true,
		description = "The cost of token refreshes on a private feed, per transport.")
public final class TokenRefreshCost implements Callable<Integer> {

	static final List<String> ALL = List.of("sse", "fetch", "websocket", "long-polling", "polling");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Option(names = "--transports", split = ",", description = "one after another: " + "sse, fetch, websocket, "
			+ "long-polling, polling")
	List<String> transports = ALL;

	@Option(names = "--clients", description = "clients per transport, each with its own tokens (count)")
	int clients = 100;

	@Option(names = "--token-ttl", description = "lab.auth.token-ttl of the started server (s)")
	int tokenTtlSeconds = 10;

	@Option(names = "--duration", description = "time each transport runs after the ramp-up (s)")
	int durationSeconds = 35;

	@Option(names = "--ramp-up", description = "the clients of a transport connect evenly over this (s)")
	int rampUpSeconds = 5;

	@Option(names = "--rate", description = "events per second of the private feed")
	int rate = 10;

	@Option(names = "--poll-interval", description = "short polling period (ms)")
	int pollIntervalMillis = 1000;

	@Option(names = "--long-poll-wait", description = "wait= of long polls (s)")
	int longPollWait = 25;

	@Option(names = "--jar", description = "the packaged app (path)")
	Path jar = Path.of("target/transport-lab-0.1.0-SNAPSHOT.jar");

	@Option(names = "--jvm-args", description = "server JVM arguments")
	String jvmArgs = "-Xms512m -Xmx1g";

	@Option(names = "--server-cpu", description = "CPUs the server is pinned to (taskset -c list); -1 = not pinned")
	String serverCpu = "0";

	@Option(names = "--out", description = "results and the server's log (directory)")
	Path out = Path.of("target/token-refresh");

	private final PrintStream console = System.out;

	public static void main(String[] args) {
		System.exit(new CommandLine(new TokenRefreshCost()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		for (String transport : this.transports) {
			if (!ALL.contains(transport)) {
				throw new CommandLine.ParameterException(new CommandLine(this),
						"--transports: among " + ALL + ", got " + transport);
			}
		}
		ChildProcesses.killOnExit();
		Files.createDirectories(this.out);
		String cpus = this.serverCpu.equals("-1") ? null : this.serverCpu;
		String loadBefore = ProcStats.loadAverage();
		List<Row> rows = new ArrayList<>();
		NoiseGuard.Verdict verdict;
		try (AppProcess server = AppProcess.start(this.jar, this.jvmArgs,
				List.of("--lab.auth.token-ttl=" + this.tokenTtlSeconds + "s",
						"--lab.limits.max-bench-feeds=" + (this.transports.size() + 2)),
				this.out, false, this.console, cpus);
				AsyncClients async = AsyncClients.start(AsyncClients.Settings.browserLike())) {
			NoiseGuard.Window noise = new NoiseGuard(NoiseGuard.DEFAULT_THRESHOLD_CORES).start();
			for (String transport : this.transports) {
				rows.add(run(server.baseUrl().toString(), async, transport));
			}
			verdict = noise.stop();
		}
		String table = table(rows, verdict, loadBefore);
		Files.writeString(this.out.resolve("token-refresh.md"), table);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("command", commandLine());
		json.put("noise", verdict.summary());
		json.put("loadAverageBefore", loadBefore);
		json.put("rows", rows);
		Files.writeString(this.out.resolve("token-refresh.json"),
				JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
		this.console.println();
		this.console.print(table);
		this.console.println("Results: " + this.out.toAbsolutePath());
		return rows.stream().allMatch(row -> row.lost() == 0 && row.duplicated() == 0) ? 0 : 1;
	}

	/** One transport: a private feed of its own, its clients ramped up, run, closed. */
	private Row run(String base, AsyncClients async, String transport) throws Exception {
		var created = JsonHttp.send("POST", base + "/api/feeds",
				"{\"private\":true,\"rate\":" + this.rate + ",\"markers\":5}");
		if (created.statusCode() != 201) {
			throw new IllegalStateException("POST /api/feeds: " + created.statusCode() + " " + created.body());
		}
		String feed = JsonHttp.parse(created.body()).get("id").asString();
		this.console.printf("[%s] %d clients on %s, tokens of %d s%n", transport, this.clients, feed,
				this.tokenTtlSeconds);
		List<RefreshProbe> probes = new ArrayList<>();
		List<FeedClient> clients = new ArrayList<>();
		long start = System.nanoTime();
		long pause = Duration.ofSeconds(this.rampUpSeconds).toNanos() / this.clients;
		try {
			for (int i = 0; i < this.clients; i++) {
				RefreshProbe probe = new RefreshProbe(new TokenSource(base, feed, null));
				// the pages come back at once after an expiry, with a fresh token
				ClientOptions options = ClientOptions.defaults()
					.withRetry(Duration.ZERO, 0)
					.withToken(new Token(carrier(transport), probe.tokenSupplier()));
				FeedClient client = open(async, base, feed, transport, options, probe);
				probes.add(probe);
				clients.add(client);
				client.start();
				long due = start + (i + 1) * pause;
				while (System.nanoTime() < due) {
					Thread.sleep(Math.max(1, (due - System.nanoTime()) / 1_000_000));
				}
			}
			Thread.sleep(Duration.ofSeconds(this.durationSeconds).toMillis());
		}
		finally {
			clients.forEach(FeedClient::close);
		}
		Row row = Row.of(transport, this.tokenTtlSeconds, probes.stream().map(RefreshProbe::seen).toList());
		this.console.println(row.markdown());
		return row;
	}

	private FeedClient open(AsyncClients async, String base, String feed, String transport, ClientOptions options,
			RefreshProbe probe) {
		URI api = URI.create(base + "/api/feeds/" + feed + "/");
		return switch (transport) {
			case "sse" -> async.sse(api.resolve("stream"), options, probe);
			case "fetch" -> async.fetch(api.resolve("stream"), options, probe);
			case "websocket" -> async.webSocket(URI.create(base.replace("http", "ws") + "/ws/feeds/" + feed), options,
					probe);
			case "long-polling" -> async.polling(api.resolve("events"), this.longPollWait, Duration.ZERO, options, probe);
			default -> async.polling(api.resolve("events"), 0, Duration.ofMillis(this.pollIntervalMillis), options,
					probe);
		};
	}

	/** How a browser page carries the token on each transport (lib/token.js). */
	static Token.Carrier carrier(String transport) {
		return switch (transport) {
			case "sse", "websocket" -> Token.Carrier.COOKIE;
			default -> Token.Carrier.HEADER;
		};
	}

	private String table(List<Row> rows, NoiseGuard.Verdict verdict, String loadBefore) {
		StringBuilder table = new StringBuilder(Row.HEADER);
		rows.forEach(row -> table.append(row.markdown()).append('\n'));
		table.append('\n')
			.append(String.format(Locale.ROOT,
					"Private feed at %d events/s; %d clients per transport over %d s + %d s ramp-up; server %s; "
							+ "noise: %s; load average before: %s; command: TokenRefreshCost %s%n",
					this.rate, this.clients, this.durationSeconds, this.rampUpSeconds,
					this.serverCpu.equals("-1") ? "not pinned" : "pinned to CPU " + this.serverCpu,
					verdict.summary(), loadBefore, commandLine()));
		return table.toString();
	}

	private String commandLine() {
		return "--transports " + String.join(",", this.transports) + " --clients " + this.clients + " --token-ttl "
				+ this.tokenTtlSeconds + " --duration " + this.durationSeconds + " --ramp-up " + this.rampUpSeconds
				+ " --rate " + this.rate + " --poll-interval " + this.pollIntervalMillis + " --long-poll-wait "
				+ this.longPollWait + " --server-cpu " + this.serverCpu;
	}

	/**
	 * One transport's line of the report.
	 * @param reconnects connections beyond each client's first
	 * @param refreshMedianMs time without data across a refresh, median over every refresh
	 * of every client (ms, -1 without a refresh); p99 and max likewise
	 * @param otherMaxMs the longest time without data with no refresh between (ms)
	 */
	record Row(String transport, int tokenTtlSeconds, int clients, long refreshes, long reconnects,
			long expirySignals, long refused, long events, long lost, long duplicated, long gapNotices,
			double refreshMedianMs, double refreshP99Ms, double refreshMaxMs, double otherMaxMs) {

		static final String HEADER = """
				| transport | clients | token TTL | refreshes | reconnects | expiry signals | 401s | events | lost | \
				twice | no data across a refresh: median / p99 / max | longest without data otherwise |
				|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|
				""";

		static Row of(String transport, int tokenTtlSeconds, List<RefreshProbe.Seen> seen) {
			List<Long> gaps = new ArrayList<>();
			long refreshes = 0;
			long reconnects = 0;
			long signals = 0;
			long refused = 0;
			long events = 0;
			long lost = 0;
			long duplicated = 0;
			long gapNotices = 0;
			long otherMax = 0;
			for (RefreshProbe.Seen client : seen) {
				gaps.addAll(client.refreshGapsMicros());
				refreshes += client.refreshes();
				reconnects += Math.max(0, client.connections() - 1);
				signals += client.expirySignals();
				refused += client.refused();
				events += client.events();
				lost += client.lost();
				duplicated += client.duplicated();
				gapNotices += client.gapNotices();
				otherMax = Math.max(otherMax, client.longestOtherGapMicros());
			}
			gaps.sort(null);
			return new Row(transport, tokenTtlSeconds, seen.size(), refreshes, reconnects, signals, refused, events,
					lost, duplicated, gapNotices, millis(percentile(gaps, 0.5)), millis(percentile(gaps, 0.99)),
					millis(gaps.isEmpty() ? -1 : gaps.get(gaps.size() - 1)), millis(otherMax));
		}

		/** Nearest rank; -1 when empty. */
		static long percentile(List<Long> sorted, double p) {
			if (sorted.isEmpty()) {
				return -1;
			}
			int rank = (int) Math.ceil(p * sorted.size());
			return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
		}

		/** -1 stays -1: nothing to show (no refresh). */
		private static double millis(long micros) {
			return (micros < 0) ? -1 : micros / 1000.0;
		}

		String markdown() {
			return String.format(Locale.ROOT, "| %s | %d | %d s | %d | %d | %d | %d | %d | %s | %d | %s / %s / %s | %s |",
					this.transport, this.clients, this.tokenTtlSeconds, this.refreshes, this.reconnects,
					this.expirySignals, this.refused, this.events, this.lost + gapText(), this.duplicated,
					ms(this.refreshMedianMs), ms(this.refreshP99Ms), ms(this.refreshMaxMs), ms(this.otherMaxMs));
		}

		private String gapText() {
			return (this.gapNotices == 0) ? "" : " (" + this.gapNotices + " gap notices)";
		}

		private static String ms(double millis) {
			return (millis < 0) ? "n/a" : String.format(Locale.ROOT, "%.0f ms", millis);
		}

	}

}
