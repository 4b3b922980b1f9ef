package dev.transportlab.tools.measure;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.transportlab.tools.client.AppProcess;

/**
 * The reconnect storm: hold N SSE and N WebSocket clients on the live feed, restart the
 * server (graceful shutdown, then a new JVM on the same port), and record the time until
 * every client is back on the new epoch, the server's peak CPU while they return, failed
 * handshakes, refused connections, and events lost or duplicated within an epoch. Run once
 * with a fixed retry (SSE {@code retry:} and WebSocket back-off the same for everybody),
 * once jittered (base ± jitter). Clients are asynchronous (JDK HttpClient, one selector
 * thread), never a thread each. Pin this JVM and the server to different cores:
 * <pre>
 * taskset -c 1 java -cp ... dev.transportlab.tools.measure.ReconnectStorm --server-cpu 0
 * </pre>
 */
@Command(name = "reconnect-storm", mixinStandardHelpOptions = true, showDefaultValues = true,
		description = "Restart the server under N SSE + N WebSocket clients; fixed against jittered retry.")
public final class ReconnectStorm implements java.util.concurrent.Callable<Integer> {

	@Option(names = "--sse", description = "SSE clients (count)")
	int sse = 5000;

	@Option(names = "--ws", description = "WebSocket clients (count)")
	int ws = 5000;

	@Option(names = "--modes", split = ",", description = "runs, in order: fixed, jittered")
	List<String> modes = List.of("fixed", "jittered");

	@Option(names = "--retry-millis", description = "SSE retry: and WebSocket back-off base (ms)")
	long retryMillis = 2000;

	@Option(names = "--jitter", description = "jittered runs: base x (1 +/- this) (fraction)")
	double jitter = 0.5;

	@Option(names = "--rate", description = "live feed rate during the run (events/s)")
	int rate = 2;

	@Option(names = "--jar", description = "the packaged app (path)")
	Path jar = Path.of("target/transport-lab-0.1.0-SNAPSHOT.jar");

	@Option(names = "--jvm-args", description = "server JVM arguments")
	String jvmArgs = "-Xms1g -Xmx2g";

	@Option(names = "--server-cpu", description = "CPU the server is pinned to (taskset -a -p); -1 = not pinned")
	int serverCpu = 0;

	@Option(names = "--connect-timeout-s", description = "time to open every client before the restart (s)")
	int connectTimeoutSeconds = 180;

	@Option(names = "--return-timeout-s", description = "time allowed for every client to come back (s)")
	int returnTimeoutSeconds = 180;

	@Option(names = "--out", description = "server logs (directory)")
	Path out = Path.of("target/reconnect-storm");

	private final PrintStream console = System.out;

	public static void main(String[] args) {
		System.exit(new CommandLine(new ReconnectStorm()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		Files.createDirectories(this.out);
		List<String> rows = new ArrayList<>();
		for (String mode : this.modes) {
			rows.add(run(mode.equals("jittered") ? this.jitter : 0, mode));
		}
		this.console.println();
		this.console.println("| retry | clients (SSE + WS) | all back after restart | back after new server up: p50 / p99 / max"
				+ " | peak server CPU | failed handshakes | refused connections | lost / duplicated events |");
		this.console.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
		rows.forEach(this.console::println);
		return 0;
	}

	private String run(double jitter, String mode) throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> appArgs = List.of("--lab.feed.rate=" + this.rate, "--lab.sse.retry-millis=" + this.retryMillis,
				"--lab.sse.retry-jitter=" + jitter);
		AppProcess server = start(port, appArgs);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
		Stats stats = new Stats();
		List<Client> clients = new ArrayList<>();
		String base = "127.0.0.1:" + port;
		for (int i = 0; i < this.sse; i++) {
			clients.add(new SseClient(http, "http://" + base + "/api/stream", timers, stats));
		}
		for (int i = 0; i < this.ws; i++) {
			clients.add(new WsClient(http, "ws://" + base + "/ws/feeds/live", this.retryMillis, jitter, timers, stats));
		}
		// open them at a steady pace rather than all in one instant: the storm is the restart
		for (int i = 0; i < clients.size(); i++) {
			clients.get(i).connect();
			if (i % 200 == 199) {
				Thread.sleep(100);
			}
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.connectTimeoutSeconds);
		while (clients.stream().anyMatch(c -> c.lastSeq < 0) && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		long connected = clients.stream().filter(c -> c.lastSeq >= 0).count();
		this.console.printf("%s: %d of %d clients receiving; restarting%n", mode, connected, clients.size());
		stats.reset();
		String oldEpoch = clients.stream().filter(c -> c.epoch != null).findFirst().orElseThrow().epoch;

		long downNanos = System.nanoTime();
		server.close();
		server = start(port, appArgs);
		long upNanos = System.nanoTime();
		CpuSampler cpu = new CpuSampler(server.pid());
		deadline = upNanos + TimeUnit.SECONDS.toNanos(this.returnTimeoutSeconds);
		while (clients.stream().anyMatch(c -> c.epoch == null || c.epoch.equals(oldEpoch))
				&& System.nanoTime() < deadline) {
			cpu.sample();
			Thread.sleep(100);
		}
		for (int i = 0; i < 10; i++) { // a second more: CPU after the last return
			cpu.sample();
			Thread.sleep(100);
		}
		long[] back = clients.stream()
			.filter(c -> c.backNanos > 0)
			.mapToLong(c -> (c.backNanos - upNanos) / 1_000_000)
			.sorted()
			.toArray();
		long missing = clients.size() - back.length;
		long allBackMillis = back.length == 0 ? -1 : (Arrays.stream(back).max().orElse(0) * 1_000_000 + upNanos
				- downNanos) / 1_000_000;
		String row = String.format("| %s | %d + %d (%d receiving) | %s | %d / %d / %d ms | %.0f %% | %d | %d | %d / %d |",
				jitter == 0 ? "fixed " + this.retryMillis + " ms" : this.retryMillis + " ms ± " + (int) (jitter * 100) + " %",
				this.sse, this.ws, connected,
				missing == 0 ? allBackMillis + " ms after the stop" : missing + " not back in " + this.returnTimeoutSeconds + " s",
				percentile(back, 50), percentile(back, 99), percentile(back, 100), cpu.peakPercent(),
				stats.failedHandshakes.sum(), stats.refused.sum(), stats.lost.sum(), stats.duplicates.sum());
		this.console.println(row);
		this.console.printf("  other errors: %d (%s)%n", stats.otherErrors.sum(), stats.lastError);
		clients.forEach(Client::close);
		timers.shutdownNow();
		server.close();
		return row;
	}

	private AppProcess start(int port, List<String> appArgs) throws IOException, InterruptedException {
		AppProcess server = AppProcess.start(this.jar, this.jvmArgs, appArgs, port, this.out, false, this.console, null);
		if (this.serverCpu >= 0) {
			new ProcessBuilder("taskset", "-a", "-c", "-p", Integer.toString(this.serverCpu),
					Long.toString(server.pid()))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start()
				.waitFor();
		}
		return server;
	}

	private static long percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return -1;
		}
		return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))];
	}

	/** What went wrong, over all clients. */
	static final class Stats {

		final LongAdder failedHandshakes = new LongAdder();

		final LongAdder refused = new LongAdder();

		final LongAdder otherErrors = new LongAdder();

		final LongAdder lost = new LongAdder();

		final LongAdder duplicates = new LongAdder();

		volatile String lastError = "none";

		void reset() {
			this.failedHandshakes.reset();
			this.refused.reset();
			this.otherErrors.reset();
			this.lost.reset();
			this.duplicates.reset();
		}

		void error(Throwable error) {
			Throwable cause = error;
			while (cause.getCause() != null && cause != cause.getCause()) {
				cause = cause.getCause();
			}
			if (cause instanceof ConnectException) {
				this.refused.increment();
			}
			else if (cause instanceof WebSocketHandshakeException) {
				this.failedHandshakes.increment();
			}
			else {
				this.otherErrors.increment();
				this.lastError = cause.toString();
			}
		}

	}

	/**
	 * One client's place: the last seq and epoch, checked for holes and repeats within an
	 * epoch (a gap notice says where the stream goes on).
	 */
	abstract static class Client {

		final ScheduledExecutorService timers;

		final Stats stats;

		volatile long lastSeq = -1;

		volatile String epoch;

		volatile long backNanos;

		volatile boolean closed;

		private String firstEpoch;

		Client(ScheduledExecutorService timers, Stats stats) {
			this.timers = timers;
			this.stats = stats;
		}

		abstract void connect();

		abstract void close();

		synchronized void event(String epoch, long seq) {
			if (this.firstEpoch == null) {
				this.firstEpoch = epoch;
			}
			if (epoch.equals(this.epoch) && this.lastSeq >= 0) {
				if (seq <= this.lastSeq) {
					this.stats.duplicates.increment();
				}
				else if (seq > this.lastSeq + 1) {
					this.stats.lost.add(seq - this.lastSeq - 1);
				}
			}
			back(epoch);
			this.epoch = epoch;
			this.lastSeq = seq;
		}

		synchronized void gap(String epoch, long resumeAfter) {
			back(epoch);
			this.epoch = epoch;
			this.lastSeq = resumeAfter;
		}

		private void back(String epoch) {
			if (this.backNanos == 0 && this.firstEpoch != null && !epoch.equals(this.firstEpoch)) {
				this.backNanos = System.nanoTime();
			}
		}

		void later(long millis) {
			if (!this.closed) {
				this.timers.schedule(this::connect, millis, TimeUnit.MILLISECONDS);
			}
		}

		static String field(String json, String name) {
			int at = json.indexOf("\"" + name + "\":");
			if (at < 0) {
				return null;
			}
			int start = at + name.length() + 3;
			if (json.charAt(start) == '"') {
				return json.substring(start + 1, json.indexOf('"', start + 1));
			}
			int end = start;
			while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
				end++;
			}
			return json.substring(start, end);
		}

	}

	/**
	 * EventSource's behaviour: {@code retry:} sets the delay, {@code Last-Event-ID} is the
	 * last dispatched id, a stream that ends or fails is opened again after the delay.
	 */
	static final class SseClient extends Client implements Flow.Subscriber<String> {

		private final HttpClient http;

		private final URI url;

		private volatile long retry = 3000;

		private volatile String lastEventId;

		private volatile Flow.Subscription subscription;

		private String id;

		private String event = "";

		private final StringBuilder data = new StringBuilder();

		SseClient(HttpClient http, String url, ScheduledExecutorService timers, Stats stats) {
			super(timers, stats);
			this.http = http;
			this.url = URI.create(url);
		}

		@Override
		void connect() {
			if (this.closed) {
				return;
			}
			HttpRequest.Builder request = HttpRequest.newBuilder(this.url).header("Accept", "text/event-stream");
			if (this.lastEventId != null) {
				request.header("Last-Event-ID", this.lastEventId);
			}
			this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(this))
				.whenComplete((response, error) -> {
					if (error != null) {
						this.stats.error(error);
						later(this.retry);
					}
					else if (response.statusCode() != 200) {
						this.stats.failedHandshakes.increment();
						later(this.retry);
					}
				});
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			if (line.isEmpty()) {
				if (this.id != null) {
					this.lastEventId = this.id;
				}
				if (this.data.length() > 0) {
					String json = this.data.toString();
					String epoch = field(json, "epoch");
					if (this.event.equals("gap")) {
						gap(epoch, Long.parseLong(field(json, "resumeAfter")));
					}
					else if (this.event.isEmpty()) {
						event(epoch, Long.parseLong(field(json, "seq")));
					}
				}
				this.id = null;
				this.event = "";
				this.data.setLength(0);
			}
			else if (line.startsWith("id: ")) {
				this.id = line.substring(4);
			}
			else if (line.startsWith("event: ")) {
				this.event = line.substring(7);
			}
			else if (line.startsWith("data: ")) {
				this.data.append(line, 6, line.length());
			}
			else if (line.startsWith("retry: ")) {
				this.retry = Long.parseLong(line.substring(7).strip());
			}
		}

		@Override
		public void onError(Throwable error) {
			this.stats.error(error);
			ended();
		}

		@Override
		public void onComplete() {
			ended();
		}

		private void ended() {
			this.data.setLength(0);
			this.event = "";
			this.id = null;
			later(this.retry);
		}

		@Override
		void close() {
			this.closed = true;
			Flow.Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.cancel();
			}
		}

	}

	/** Reconnects after base x (1 +/- jitter) with ?after=&epoch=, as the pages do. */
	static final class WsClient extends Client implements WebSocket.Listener {

		private final HttpClient http;

		private final String url;

		private final long backoff;

		private final double jitter;

		private final StringBuilder partial = new StringBuilder();

		private final AtomicInteger generation = new AtomicInteger();

		private volatile WebSocket socket;

		WsClient(HttpClient http, String url, long backoff, double jitter, ScheduledExecutorService timers,
				Stats stats) {
			super(timers, stats);
			this.http = http;
			this.url = url;
			this.backoff = backoff;
			this.jitter = jitter;
		}

		private long delay() {
			return Math.round(this.backoff * (1 + this.jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1)));
		}

		@Override
		void connect() {
			if (this.closed) {
				return;
			}
			String target = this.lastSeq < 0 ? this.url : this.url + "?after=" + this.lastSeq + "&epoch=" + this.epoch;
			int attempt = this.generation.incrementAndGet();
			this.http.newWebSocketBuilder()
				.connectTimeout(Duration.ofSeconds(10))
				.buildAsync(URI.create(target), this)
				.whenComplete((socket, error) -> {
					if (error != null && this.generation.get() == attempt) {
						this.stats.error(error);
						later(delay());
					}
				});
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			this.socket = webSocket;
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				String json = this.partial.toString();
				this.partial.setLength(0);
				String epoch = field(json, "epoch");
				if (json.startsWith("{\"type\":\"gap\"")) {
					gap(epoch, Long.parseLong(field(json, "resumeAfter")));
				}
				else {
					event(epoch, Long.parseLong(field(json, "seq")));
				}
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.partial.setLength(0);
			later(delay());
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.partial.setLength(0);
			this.stats.error(error);
			later(delay());
		}

		@Override
		void close() {
			this.closed = true;
			WebSocket socket = this.socket;
			if (socket != null) {
				socket.abort();
			}
		}

	}

	/** The server's CPU from /proc/PID/stat (utime + stime), as % of one core per second. */
	static final class CpuSampler {

		private final Path stat;

		private final double ticksPerSecond = 100; // USER_HZ on Linux

		private final List<long[]> samples = new ArrayList<>();

		CpuSampler(long pid) {
			this.stat = Path.of("/proc", Long.toString(pid), "stat");
		}

		void sample() {
			try {
				String text = Files.readString(this.stat);
				String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
				long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
				this.samples.add(new long[] { System.nanoTime(), ticks });
			}
			catch (IOException | RuntimeException ex) {
				// the process is gone
			}
		}

		/** Highest CPU over any one-second span of the samples. */
		double peakPercent() {
			double peak = 0;
			for (int i = 0, j = 0; i < this.samples.size(); i++) {
				while (j < this.samples.size() && this.samples.get(j)[0] - this.samples.get(i)[0] < 1_000_000_000L) {
					j++;
				}
				if (j < this.samples.size()) {
					long[] from = this.samples.get(i);
					long[] to = this.samples.get(j);
					double seconds = (to[0] - from[0]) / 1e9;
					peak = Math.max(peak, (to[1] - from[1]) / this.ticksPerSecond / seconds * 100);
				}
			}
			return peak;
		}

	}

}
