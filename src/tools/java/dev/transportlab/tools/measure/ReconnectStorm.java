package dev.transportlab.tools.measure;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.AsyncClients;
import dev.transportlab.tools.client.FeedClient;
import dev.transportlab.tools.load.CpuSampler;
import dev.transportlab.tools.load.NoiseGuard;
import dev.transportlab.tools.load.ProcStats;
import dev.transportlab.tools.measure.StormListener.Failure;

import tools.jackson.databind.json.JsonMapper;

/**
 * The reconnect storm (issue 15): hold N SSE and N WebSocket clients on the live feed,
 * restart the server (graceful shutdown, then a new JVM on the same port), and record the
 * time until every client has something of the new epoch, the new server's peak CPU while
 * they return, failed handshakes, refused connects, and events lost or duplicated within
 * an epoch. Once with a fixed retry (the server's {@code retry:} and the WebSocket back-off
 * the same for everybody), once jittered (base ± jitter). The clients are the toolkit's
 * asynchronous Jetty clients ({@link AsyncClients}: SSE honouring {@code retry:} and
 * sending {@code Last-Event-ID} as EventSource does, WebSocket resuming with
 * {@code ?after=&epoch=} after a jittered back-off as the pages do), never a thread each.
 * The server runs pinned to {@code --server-cpu}; pin this JVM elsewhere:
 * <pre>
 * taskset -c 1 java -cp ... dev.transportlab.tools.measure.ReconnectStorm --server-cpu 0
 * </pre>
 * Writes {@code storm.md} (the table for docs/reliability.md), {@code storm-MODE.json} and
 * {@code storm-MODE-clients.csv} (each client's return) and the servers' logs to {@code --out}.
 */
@Command(name = "reconnect-storm", mixinStandardHelpOptions = true, showDefaultValues = true,
		description = "Restart the server under N SSE + N WebSocket clients; fixed against jittered retry.")
public final class ReconnectStorm implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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

	@Option(names = "--server-cpu", description = "CPUs the server is pinned to (taskset -c list); -1 = not pinned")
	String serverCpu = "0";

	@Option(names = "--open-rate", description = "clients opened per second before the restart (count)")
	int openRate = 1000;

	@Option(names = "--source-addresses",
			description = "local addresses 127.0.0.1..N the clients spread over, ~28k ports each (count)")
	int sourceAddresses = 1;

	@Option(names = "--connect-timeout-s", description = "time to open every client before the restart (s)")
	int connectTimeoutSeconds = 180;

	@Option(names = "--return-timeout-s", description = "time allowed for every client to come back (s)")
	int returnTimeoutSeconds = 180;

	@Option(names = "--settle-s", description = "listening after the last return, for loss and repeats (s)")
	int settleSeconds = 5;

	@Option(names = "--out", description = "results and server logs (directory)")
	Path out = Path.of("target/reconnect-storm");

	private final PrintStream console = System.out;

	public static void main(String[] args) {
		System.exit(new CommandLine(new ReconnectStorm()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		ChildProcesses.killOnExit();
		Files.createDirectories(this.out);
		List<StormResult> results = new ArrayList<>();
		for (String mode : this.modes) {
			if (!mode.equals("fixed") && !mode.equals("jittered")) {
				throw new CommandLine.ParameterException(new CommandLine(this), "--modes: fixed or jittered, got " + mode);
			}
			StormResult result = run(mode);
			results.add(result);
			Files.writeString(this.out.resolve("storm-" + mode + ".json"),
					JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result.json()));
		}
		StringBuilder table = new StringBuilder(StormResult.TABLE_HEADER).append('\n');
		results.forEach(result -> table.append(result.markdownRow()).append('\n'));
		table.append('\n')
			.append(String.format(Locale.ROOT,
					"Live feed at %d events/s; server pinned to CPU %s; times from the moment the old server stopped "
							+ "accepting (its port refused a connect); command: ReconnectStorm %s%n",
					this.rate, this.serverCpu, String.join(" ", commandLine())));
		Files.writeString(this.out.resolve("storm.md"), table);
		this.console.println();
		this.console.print(table);
		this.console.println("Results: " + this.out.toAbsolutePath());
		return results.stream().allMatch(r -> r.notBack() == 0) ? 0 : 1;
	}

	private List<String> commandLine() {
		return List.of("--sse", Integer.toString(this.sse), "--ws", Integer.toString(this.ws), "--modes",
				String.join(",", this.modes), "--retry-millis", Long.toString(this.retryMillis), "--jitter",
				Double.toString(this.jitter), "--rate", Integer.toString(this.rate), "--server-cpu", this.serverCpu);
	}

	private StormResult run(String mode) throws Exception {
		double jitter = mode.equals("jittered") ? this.jitter : 0;
		String loadBefore = ProcStats.loadAverage();
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> appArgs = List.of("--lab.feed.rate=" + this.rate, "--lab.sse.retry-millis=" + this.retryMillis,
				"--lab.sse.retry-jitter=" + jitter);
		this.console.printf("[%s] load average %s; starting the server on port %d%n", mode, loadBefore, port);
		AppProcess server = start(port, appArgs, mode + "-before");
		AsyncClients.Settings settings = AsyncClients.Settings.browserLike()
			.withRetry(Duration.ofMillis(this.retryMillis))
			.withRetryJitter(jitter)
			.withSseRetryField(true)
			.withSourceAddresses(this.sourceAddresses);
		StormListener.Totals totals = new StormListener.Totals();
		List<StormListener> listeners = new ArrayList<>();
		ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "storm-progress");
			thread.setDaemon(true);
			return thread;
		});
		// this JVM's children (the servers) from the restart on: the new server's pid is known only once it
		// is healthy, and its clients return before that
		CpuSampler cpu = CpuSampler.children();
		PortProbe probe = new PortProbe(port);
		List<FeedClient> clients = new ArrayList<>();
		try (AsyncClients async = AsyncClients.start(settings)) {
			URI stream = URI.create("http://127.0.0.1:" + port + "/api/feeds/live/stream");
			URI socket = URI.create("ws://127.0.0.1:" + port + "/ws/feeds/live");
			int total = this.sse + this.ws;
			long opening = System.nanoTime();
			java.util.concurrent.ScheduledFuture<?> connecting = progress.scheduleAtFixedRate(
					() -> this.console.printf("[%s] +%.0f s: %d of %d clients opened, %d receiving%n", mode,
							(System.nanoTime() - opening) / 1e9, clients.size(), total, totals.receiving.sum()),
					2, 2, TimeUnit.SECONDS);
			for (int i = 0; i < total; i++) {
				// alternate the transports so that both are spread over the same time
				boolean isSse = (i % 2 == 0 || clients.size() >= 2 * this.ws) && clients.size() < 2 * this.sse;
				StormListener listener = new StormListener(isSse ? "sse" : "websocket", totals);
				FeedClient client = isSse ? async.sse(stream, listener) : async.webSocket(socket, listener);
				listeners.add(listener);
				clients.add(client);
				client.start();
				pace(i + 1, opening);
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.connectTimeoutSeconds);
			while (totals.receiving.sum() < total && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			connecting.cancel(false);
			long receiving = totals.receiving.sum();
			String oldEpoch = listeners.stream()
				.map(StormListener::epoch)
				.filter(e -> e != null)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no client received anything from " + stream));
			this.console.printf("[%s] %d of %d clients receiving (epoch %s); restarting the server%n", mode, receiving,
					total, oldEpoch);
			listeners.forEach(listener -> listener.arm(oldEpoch));
			cpu.start(Duration.ofMillis(100));
			// from the restart to the end of the settling: the new server and the clients are this JVM's tree
			NoiseGuard.Window noise = new NoiseGuard(NoiseGuard.DEFAULT_THRESHOLD_CORES).start();
			probe.start();
			long stopRequested = System.nanoTime();
			AtomicLong launched = new AtomicLong();
			java.util.concurrent.ScheduledFuture<?> storming = progress.scheduleAtFixedRate(() -> this.console.printf(
					"[%s] +%.1f s after the stop request: back %d of %d; refused %d, failed handshakes %d, timeouts %d, "
							+ "other %d%s%n",
					mode, (System.nanoTime() - stopRequested) / 1e9, totals.back.sum(), total,
					totals.failures(Failure.REFUSED), totals.failures(Failure.HANDSHAKE),
					totals.failures(Failure.TIMEOUT), totals.failures(Failure.OTHER),
					launched.get() == 0 ? "" : String.format(Locale.ROOT, "; new server CPU %.0f %%", cpu.recentPercent())),
					1, 1, TimeUnit.SECONDS);
			server.close();
			long exited = System.nanoTime();
			launched.set(System.nanoTime());
			server = start(port, appArgs, mode + "-after");
			long healthy = System.nanoTime();
			long newPid = server.pid();
			deadline = healthy + TimeUnit.SECONDS.toNanos(this.returnTimeoutSeconds);
			while (totals.back.sum() < receiving && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			long lastBack = listeners.stream().mapToLong(StormListener::backNanos).max().orElse(0);
			this.console.printf("[%s] %d of %d back; listening %d s more for loss and repeats%n", mode,
					totals.back.sum(), total, this.settleSeconds);
			Thread.sleep(TimeUnit.SECONDS.toMillis(this.settleSeconds));
			storming.cancel(false);
			probe.stop();
			NoiseGuard.Verdict verdict = noise.stop();
			this.console.printf("[%s] noise guard from the restart: %s%n", mode, verdict.summary());

			// the old server stopped accepting when its port first refused, or at the latest when it had exited
			long stopped = Math.min(exited, probe.firstRefusedAfter(stopRequested, exited));
			long accepting = Math.min(healthy, probe.firstAcceptedAfter(stopped));
			for (StormListener listener : listeners) {
				long opened = listener.firstOpenNanos();
				if (opened > stopped) {
					accepting = Math.min(accepting, opened);
				}
			}
			StormResult result = result(mode, jitter, receiving, listeners, totals, stopRequested, stopped,
					launched.get(), accepting, healthy, cpu.samples(newPid), lastBack, loadBefore, verdict.summary());
			writeClients(mode, listeners, stopped, accepting);
			this.console.println(StormResult.TABLE_HEADER);
			this.console.println(result.markdownRow());
			return result;
		}
		finally {
			progress.shutdownNow();
			probe.stop();
			cpu.close();
			server.close();
		}
	}

	/** Sleeps so that {@code opened} clients took {@code opened / openRate} seconds. */
	private void pace(int opened, long since) throws InterruptedException {
		long due = since + (long) (opened * 1e9 / Math.max(1, this.openRate));
		long wait = due - System.nanoTime();
		if (wait > 1_000_000) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	private StormResult result(String mode, double jitter, long receiving, List<StormListener> listeners,
			StormListener.Totals totals, long stopRequested, long stopped, long launched, long accepting, long healthy,
			List<long[]> cpuSamples, long lastBack, String loadBefore, String noise) throws IOException {
		List<Long> fromStop = new ArrayList<>();
		List<Long> fromAccept = new ArrayList<>();
		long notBack = 0;
		long[] sums = new long[7];
		for (StormListener listener : listeners) {
			if (listener.backNanos() > 0) {
				fromStop.add(millis(listener.backNanos() - stopped));
				fromAccept.add(millis(listener.backNanos() - accepting));
			}
			else {
				notBack++;
			}
			sums[0] += listener.lost();
			sums[1] += listener.duplicates();
			sums[2] += listener.gaps();
			sums[3] += listener.epochGaps();
			sums[4] += listener.epochSwitchesWithoutGap();
		}
		Map<String, Long> others = new TreeMap<>();
		totals.others.forEach((kind, count) -> others.put(kind, count.sum()));
		long returnEnd = (lastBack > 0 ? lastBack : System.nanoTime()) + TimeUnit.SECONDS.toNanos(1);
		return new StormResult(mode, this.retryMillis, jitter, this.sse, this.ws, receiving,
				millis(stopped - stopRequested), Math.max(0, millis(launched - stopped)), millis(accepting - stopped),
				millis(healthy - stopped), fromStop.stream().mapToLong(Long::longValue).toArray(),
				fromAccept.stream().mapToLong(Long::longValue).toArray(), notBack, this.returnTimeoutSeconds,
				CpuSampler.peakPercent(cpuSamples, accepting, returnEnd),
				CpuSampler.cpuSeconds(cpuSamples, accepting, returnEnd), totals.failures(Failure.HANDSHAKE),
				totals.failures(Failure.REFUSED), totals.failures(Failure.TIMEOUT), totals.failures(Failure.OTHER),
				others, sums[0], sums[1], sums[2], sums[3], sums[4], loadBefore, ProcStats.loadAverage(), noise);
	}

	private void writeClients(String mode, List<StormListener> listeners, long stopped, long accepting)
			throws IOException {
		StringBuilder csv = new StringBuilder(
				"client,transport,back_ms_from_stop,back_ms_from_new_accepting,refused,failed_handshakes,timeouts,"
						+ "other_errors,lost,duplicated,gaps_within_epoch,epoch_gaps\n");
		for (int i = 0; i < listeners.size(); i++) {
			StormListener l = listeners.get(i);
			boolean back = l.backNanos() > 0;
			csv.append(i)
				.append(',')
				.append(l.transport)
				.append(',')
				.append(back ? Long.toString(millis(l.backNanos() - stopped)) : "")
				.append(',')
				.append(back ? Long.toString(millis(l.backNanos() - accepting)) : "")
				.append(',')
				.append(l.failures(Failure.REFUSED))
				.append(',')
				.append(l.failures(Failure.HANDSHAKE))
				.append(',')
				.append(l.failures(Failure.TIMEOUT))
				.append(',')
				.append(l.failures(Failure.OTHER))
				.append(',')
				.append(l.lost())
				.append(',')
				.append(l.duplicates())
				.append(',')
				.append(l.gaps())
				.append(',')
				.append(l.epochGaps())
				.append('\n');
		}
		Files.writeString(this.out.resolve("storm-" + mode + "-clients.csv"), csv);
	}

	private static long millis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

	/** The server on {@code port}, its log and GC log in {@code out/name} (the port is the same twice). */
	private AppProcess start(int port, List<String> appArgs, String name) throws IOException, InterruptedException {
		String cpus = this.serverCpu.equals("-1") ? null : this.serverCpu;
		return AppProcess.start(this.jar, this.jvmArgs, appArgs, port,
				Files.createDirectories(this.out.resolve("servers").resolve(name)), false, this.console, cpus);
	}

}
