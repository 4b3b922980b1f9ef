package dev.transportlab.tools.load;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.AsyncClients;
import dev.transportlab.tools.client.FeedClient;
import dev.transportlab.tools.client.Threads;

import org.HdrHistogram.Histogram;

/**
 * One transport on one server under load: a fresh feed, N clients opened evenly over the
 * ramp-up, a measured window, and a sample of both sides every second. Every wait here is
 * bounded in time.
 */
final class TransportRun {

	private static final double MS = 1000.0;

	private final LoadOptions options;

	private final Target server;

	private final PrintStream console;

	private final String transport;

	private final Delivery delivery = new Delivery();

	private final List<TransportResult.Sample> timeline = new ArrayList<>();

	private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private volatile String phase = "ramp-up";

	private final int repeat;

	TransportRun(String transport, LoadOptions options, Target server, PrintStream console) {
		this(transport, options, server, console, 1);
	}

	TransportRun(String transport, LoadOptions options, Target server, PrintStream console, int repeat) {
		this.repeat = repeat;
		this.transport = transport;
		this.options = options;
		this.server = server;
		this.console = console;
	}

	TransportResult run() throws IOException, InterruptedException {
		int clients = this.options.clients;
		String loadBefore = ProcStats.loadAverage();
		this.console.printf("Load average before %s on %s: %s%n", this.transport, this.server.name(), loadBefore);
		String feed = this.server.feed(this.options.rate, this.options.markers);
		Long heapBefore = this.server.heapAfterGc();
		ProcStats before = ProcStats.of(this.server.pid());
		this.console.printf("%n== %s on %s: %d clients, feed %s at %d events/s x %d markers, ramp-up %d s, measure %d s%n",
				this.transport, this.server.name(), clients, feed, this.options.rate, this.options.markers,
				this.options.rampUpSeconds, this.options.durationSeconds);

		AsyncClients async = AsyncClients.start(AsyncClients.Settings.browserLike()
			.withSourceAddresses(this.options.sourceAddresses)
			.withWebSocketDeflate(this.options.webSocketDeflate()));
		List<FeedClient> feedClients = new ArrayList<>(clients);
		List<Delivery.Client> states = new ArrayList<>(clients);
		for (int i = 0; i < clients; i++) {
			Delivery.Client state = this.delivery.new Client();
			states.add(state);
			feedClients.add(client(feed, async, state));
		}
		Thread sampler = Threads.start("load-sampler", this::sample);
		long measureStart = 0;
		long measureEnd = 0;
		TransportResult.MemoryPerConnection memory;
		ProcStats atStart;
		ProcStats atEnd;
		Map<Long, Long> jitAtStart;
		Map<Long, Long> jitAtEnd;
		int connectedAfterRampUp;
		int silent;
		long requests;
		String extensions;
		NoiseGuard.Verdict noise;
		long publishedInWindow;
		Publisher publisher = this.server.publisher();
		long start = System.nanoTime();
		try {
			long rampNanos = TimeUnit.SECONDS.toNanos(this.options.rampUpSeconds);
			for (int i = 0; i < clients; i++) {
				long wait = start + rampNanos * i / clients - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				feedClients.get(i).start();
			}
			// bounded wait for the stragglers
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
			while (this.delivery.connected.get() < clients && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			this.phase = "settle";
			Thread.sleep(2000);
			connectedAfterRampUp = this.delivery.connected.get();
			Long heapAfter = this.server.heapAfterGc();
			memory = perConnection(heapBefore, heapAfter, before, ProcStats.of(this.server.pid()), connectedAfterRampUp);
			if (heapAfter != null) {
				Thread.sleep(1000); // let the full GC's pause leave the pipes before measuring
			}
			this.phase = "measure";
			long requestsAtStart = requests(feedClients);
			// this JVM's tree holds the started servers; the server's pid covers an attached one
			NoiseGuard.Window window = new NoiseGuard(this.options.noiseThreshold / 100,
					this.server.pid() == null ? List.of() : List.of(this.server.pid()))
				.start();
			long publishedAtStart = publisher == null ? 0 : publisher.published();
			this.delivery.startMeasuring();
			atStart = ProcStats.of(this.server.pid());
			jitAtStart = ProcStats.compilerTicks(this.server.pid());
			measureStart = System.nanoTime();
			Thread.sleep(TimeUnit.SECONDS.toMillis(this.options.durationSeconds));
			this.delivery.stopMeasuring();
			atEnd = ProcStats.of(this.server.pid());
			jitAtEnd = ProcStats.compilerTicks(this.server.pid());
			measureEnd = System.nanoTime();
			publishedInWindow = publisher == null ? 0 : publisher.published() - publishedAtStart;
			noise = window.stop();
			this.console.printf("Noise guard over the measured window: %s%n", noise.summary());
			long silence = Math.max(TimeUnit.SECONDS.toNanos(5), Math.max(
					3 * TimeUnit.MILLISECONDS.toNanos(this.options.pollIntervalMillis),
					TimeUnit.SECONDS.toNanos(3) / this.options.rate));
			silent = (int) states.stream().filter(c -> c.silentFor(silence)).count();
			requests = requests(feedClients) - requestsAtStart;
			extensions = feedClients.stream()
				.map(FeedClient::extensions)
				.filter(e -> !e.isEmpty())
				.findFirst()
				.orElse(this.transport.equals("websocket") ? "none" : "");
		}
		finally {
			this.phase = "stop";
			states.forEach(Delivery.Client::stop);
			feedClients.forEach(FeedClient::close);
			async.close();
			sampler.interrupt();
			sampler.join(5000);
		}
		int connectedAtEnd = this.delivery.connected.get();
		this.server.awaitIdle(this.transport);

		String loadAfter = ProcStats.loadAverage();
		this.console.printf("Load average after %s on %s: %s%n", this.transport, this.server.name(), loadAfter);
		double seconds = (measureEnd - measureStart) / 1e9;
		Histogram latency = this.delivery.total();
		long delivered = this.delivery.receivedMeasured.sum();
		List<TransportResult.Sample> all = List.copyOf(this.timeline);
		double expected = (double) clients * this.options.rate * seconds;
		double deliveredShare = expected == 0 ? Double.NaN : delivered / expected;
		double publisherRate = publisher == null ? Double.NaN : publishedInWindow / seconds;
		TransportResult.Cost cost = cost(atStart, atEnd, ProcStats.compilerCpuSeconds(jitAtStart, jitAtEnd), seconds, delivered);
		double generatorCores = mean(all.stream().filter(s -> s.phase().equals("measure")).toList(),
				TransportResult.Sample::clientCpuCores);
		boolean shared = this.options.server.cpus().isBlank() || this.options.clientCpus.isBlank();
		Bottleneck bottleneck = Bottleneck.judge(deliveredShare, generatorCores,
				LoadOptions.cpuCount(this.options.clientCpus), cost.cpuCores(),
				LoadOptions.cpuCount(this.options.server.cpus()),
				publisher == null ? Double.NaN : publisherRate / this.options.rate, shared);
		this.console.printf(Locale.ROOT, "Delivered %.1f %% of the expected messages%s; %s%n", deliveredShare * 100,
				publisher == null ? "" : String.format(Locale.ROOT, ", publisher %.2f events/s of %d", publisherRate,
						this.options.rate),
				bottleneck.fair() ? "no side ran out" : bottleneck.mark() + " (" + bottleneck.why() + ")");
		return new TransportResult(this.transport, this.server.name(), feed, clients, this.options.rate,
				this.options.markers, extensions, connectedAfterRampUp, connectedAtEnd, this.options.rampUpSeconds,
				seconds, this.delivery.received.sum(), delivered, delivered / seconds,
				(double) clients * this.options.rate,
				new TransportResult.Latency(latency.getTotalCount(), latency.getMean() / MS,
						latency.getValueAtPercentile(50) / MS, latency.getValueAtPercentile(90) / MS,
						latency.getValueAtPercentile(99) / MS, latency.getValueAtPercentile(99.9) / MS,
						latency.getMaxValue() / MS),
				this.delivery.lost.sum(), this.delivery.duplicates.sum(), this.delivery.gaps.sum(),
				this.delivery.errors.sum(), this.delivery.reconnects.sum(), silent, requests, requests / seconds,
				cost,
				new TransportResult.ServerFigures(max(all, TransportResult.Sample::heapMb),
						max(all, TransportResult.Sample::threads), max(all, TransportResult.Sample::serverConnections)),
				memory, generatorCores,
				new TransportResult.Publishing(publisher == null ? 0 : publisher.published(),
						publisher == null ? 0 : publisher.failed()),
				loadBefore, loadAfter, all, distribution(latency), this.repeat, noise, deliveredShare, publisherRate,
				bottleneck);
	}

	private FeedClient client(String feed, AsyncClients async, Delivery.Client state) {
		return switch (this.transport) {
			case "sse" -> async.sse(this.server.uri("sse", feed), state);
			case "fetch" -> async.fetch(this.server.uri("fetch", feed), state);
			case "websocket" -> async.webSocket(this.server.uri("websocket", feed), state);
			case "long-polling" -> async.polling(this.server.uri(this.transport, feed), this.options.longPollWait,
					Duration.ofMillis(this.options.pollIntervalMillis), state);
			case "polling" -> async.polling(this.server.uri(this.transport, feed), 0,
					Duration.ofMillis(this.options.pollIntervalMillis), state);
			default -> throw new IllegalArgumentException(this.transport);
		};
	}

	private static long requests(List<FeedClient> clients) {
		return clients.stream().mapToLong(FeedClient::requests).sum();
	}

	private static TransportResult.Cost cost(ProcStats start, ProcStats end, double jitSeconds, double seconds,
			long delivered) {
		double cpu = end.cpuSeconds() - start.cpuSeconds();
		long writes = (start.writeCalls() < 0 || end.writeCalls() < 0) ? -1 : end.writeCalls() - start.writeCalls();
		long written = (start.writeBytes() < 0 || end.writeBytes() < 0) ? -1 : end.writeBytes() - start.writeBytes();
		return new TransportResult.Cost(cpu, cpu / seconds, delivered == 0 ? Double.NaN : cpu * 1e6 / delivered,
				writes, (writes < 0 || delivered == 0) ? Double.NaN : (double) writes / delivered,
				end.rssBytes() < 0 ? Double.NaN : end.rssBytes() / 1048576.0,
				(written < 0 || delivered == 0) ? Double.NaN : (double) written / delivered,
				delivered == 0 ? Double.NaN : jitSeconds * 1e6 / delivered);
	}

	/** Once a second until interrupted: both sides' figures, and a progress line. */
	private void sample() {
		long start = System.nanoTime();
		long lastNanos = start;
		long lastReceived = 0;
		ProcStats lastServer = ProcStats.of(this.server.pid());
		long lastClientCpu = this.os.getProcessCpuTime();
		long tick = start;
		int maxSamples = 24 * 3600;
		for (int n = 0; n < maxSamples && !Thread.currentThread().isInterrupted(); n++) {
			tick += TimeUnit.SECONDS.toNanos(1);
			long wait = tick - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			if (Thread.currentThread().isInterrupted()) {
				return;
			}
			long now = System.nanoTime();
			double dt = (now - lastNanos) / 1e9;
			long received = this.delivery.received.sum();
			long clientCpu = this.os.getProcessCpuTime();
			ProcStats server = ProcStats.of(this.server.pid());
			Histogram interval = this.delivery.interval();
			Map<String, Double> metrics;
			try {
				metrics = this.server.metrics(this.transport);
			}
			catch (IOException ex) {
				metrics = Map.of();
			}
			catch (InterruptedException ex) {
				return;
			}
			String phase = this.phase;
			TransportResult.Sample sample = new TransportResult.Sample((now - start) / 1e9, phase,
					this.delivery.connected.get(), (received - lastReceived) / dt,
					interval.getTotalCount() == 0 ? Double.NaN : interval.getValueAtPercentile(99) / MS,
					(server.cpuSeconds() - lastServer.cpuSeconds()) / dt,
					orNaN(AppProcess.sum(metrics, AppProcess.HEAP_USED)) / (1024 * 1024),
					server.rssBytes() < 0 ? Double.NaN : server.rssBytes() / 1048576.0,
					metrics.getOrDefault("jvm_threads_live_threads", Double.NaN),
					metrics.getOrDefault("lab_transport_connections{transport=\"" + this.transport + "\"}", Double.NaN),
					(clientCpu - lastClientCpu) / 1e9 / dt);
			synchronized (this.timeline) {
				this.timeline.add(sample);
			}
			if (!this.options.quiet || n % 5 == 4) {
				this.console.printf(
						"[%s/%s %4.0fs %-7s] clients %6d  msg/s %8.0f  p99 %7.1f ms  lost %d dup %d err %d reconn %d | server cpu %.2f cores, rss %.0f MB, heap %.0f MB | load-gen cpu %.2f cores%n",
						this.transport, this.server.name(), sample.t(), phase, sample.connected(),
						sample.messagesPerSecond(), sample.p99Ms(), this.delivery.lost.sum(),
						this.delivery.duplicates.sum(), this.delivery.errors.sum(), this.delivery.reconnects.sum(),
						sample.serverCpuCores(), sample.rssMb(), sample.heapMb(), sample.clientCpuCores());
			}
			lastNanos = now;
			lastReceived = received;
			lastServer = server;
			lastClientCpu = clientCpu;
		}
	}

	private static TransportResult.MemoryPerConnection perConnection(Long heapBefore, Long heapAfter,
			ProcStats before, ProcStats after, int connected) {
		Long rssBefore = before.rssBytes() < 0 ? null : before.rssBytes();
		Long rssAfter = after.rssBytes() < 0 ? null : after.rssBytes();
		return new TransportResult.MemoryPerConnection(heapBefore, heapAfter, rssBefore, rssAfter,
				divide(heapBefore, heapAfter, connected), divide(rssBefore, rssAfter, connected));
	}

	private static Long divide(Long before, Long after, int connected) {
		return (before == null || after == null || connected == 0) ? null : (after - before) / connected;
	}

	private static List<TransportResult.Percentile> distribution(Histogram latency) {
		List<TransportResult.Percentile> points = new ArrayList<>();
		if (latency.getTotalCount() == 0) {
			return points;
		}
		for (double p : new double[] { 0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100 }) {
			points.add(new TransportResult.Percentile(p, latency.getValueAtPercentile(p) / MS));
		}
		return points;
	}

	private static double orNaN(Double value) {
		return value == null ? Double.NaN : value;
	}

	private static double mean(List<TransportResult.Sample> samples, ToDoubleFunction<TransportResult.Sample> figure) {
		return samples.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
	}

	private static double max(List<TransportResult.Sample> samples, ToDoubleFunction<TransportResult.Sample> figure) {
		return samples.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
	}

}
