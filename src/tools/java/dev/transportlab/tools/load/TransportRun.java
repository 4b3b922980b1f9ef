package dev.transportlab.tools.load;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.AsyncClients;
import dev.transportlab.tools.client.FeedClient;
import dev.transportlab.tools.client.Threads;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * One transport under load: a fresh benchmark feed, N clients opened evenly over the
 * ramp-up, a measured window, and a sample of both sides every second. Every wait here
 * is bounded in time.
 */
final class TransportRun {

	private static final double MS = 1000.0;

	private final LoadOptions options;

	private final AppProcess server;

	private final PrintStream console;

	private final String transport;

	private final Delivery delivery = new Delivery();

	private final List<TransportResult.Sample> timeline = new ArrayList<>();

	private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private volatile String phase = "ramp-up";

	TransportRun(String transport, LoadOptions options, AppProcess server, PrintStream console) {
		this.transport = transport;
		this.options = options;
		this.server = server;
		this.console = console;
	}

	TransportResult run() throws IOException, InterruptedException {
		int clients = this.options.clients();
		String feed = this.server.createFeed(this.options.rate(), this.options.markers());
		AppProcess.Memory before = this.server.memory();
		this.console.printf("%n== %s: %d clients, feed %s at %d events/s x %d markers, ramp-up %d s, measure %d s%n",
				this.transport, clients, feed, this.options.rate(), this.options.markers(),
				this.options.rampUp().toSeconds(), this.options.duration().toSeconds());

		AsyncClients async = AsyncClients.start(AsyncClients.Settings.browserLike()
			.withSourceAddresses(this.options.sourceAddresses())
			.withWebSocketDeflate(this.options.wsDeflate()));
		List<FeedClient> loadClients = new ArrayList<>(clients);
		List<Delivery.Client> states = new ArrayList<>(clients);
		for (int i = 0; i < clients; i++) {
			Delivery.Client state = this.delivery.new Client();
			states.add(state);
			loadClients.add(client(feed, async, state));
		}
		Thread sampler = Threads.start("load-sampler", this::sample);
		long measureStart = 0;
		long measureEnd = 0;
		TransportResult.MemoryPerConnection memory;
		int connectedAfterRampUp;
		int silent;
		long requestsAtStart;
		long requests;
		String extensions;
		long start = System.nanoTime();
		try {
			long rampNanos = this.options.rampUp().toNanos();
			for (int i = 0; i < clients; i++) {
				long due = start + rampNanos * i / clients;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				loadClients.get(i).start();
			}
			// bounded wait for the stragglers
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
			while (this.delivery.connected.get() < clients && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			this.phase = "settle";
			boolean measureMemory = this.server.pid() != null;
			Thread.sleep(measureMemory ? 2000 : 1000);
			connectedAfterRampUp = this.delivery.connected.get();
			AppProcess.Memory after = this.server.memory();
			memory = perConnection(before, after, connectedAfterRampUp);
			if (measureMemory) {
				Thread.sleep(1000); // let the full GC's pause leave the pipes before measuring
			}
			this.phase = "measure";
			requestsAtStart = requests(loadClients);
			this.delivery.startMeasuring();
			measureStart = System.nanoTime();
			Thread.sleep(this.options.duration().toMillis());
			this.delivery.stopMeasuring();
			measureEnd = System.nanoTime();
			long silence = Math.max(TimeUnit.SECONDS.toNanos(5),
					Math.max(3 * this.options.pollInterval().toNanos(), TimeUnit.SECONDS.toNanos(3) / this.options.rate()));
			silent = (int) states.stream().filter(c -> c.silentFor(silence)).count();
			requests = requests(loadClients) - requestsAtStart;
			extensions = loadClients.stream()
				.map(FeedClient::extensions)
				.filter(e -> !e.isEmpty())
				.findFirst()
				.orElse(this.transport.equals("websocket") ? "none" : "");
		}
		finally {
			this.phase = "stop";
			states.forEach(Delivery.Client::stop);
			loadClients.forEach(FeedClient::close);
			async.close();
			sampler.interrupt();
			sampler.join(5000);
		}
		int connectedAtEnd = this.delivery.connected.get();
		waitForServerToForget();

		double seconds = (measureEnd - measureStart) / 1e9;
		Histogram latency = this.delivery.total();
		List<TransportResult.Sample> measured = this.timeline.stream().filter(s -> s.phase().equals("measure")).toList();
		List<TransportResult.Sample> all = List.copyOf(this.timeline);
		return new TransportResult(this.transport, feed, clients, this.options.rate(), this.options.markers(),
				connectedAfterRampUp, connectedAtEnd, this.options.rampUp().toSeconds(), seconds,
				this.delivery.received.sum(), this.delivery.receivedMeasured.sum(),
				this.delivery.receivedMeasured.sum() / seconds, (double) clients * this.options.rate(),
				new TransportResult.Latency(latency.getTotalCount(), latency.getMean() / MS,
						latency.getValueAtPercentile(50) / MS, latency.getValueAtPercentile(90) / MS,
						latency.getValueAtPercentile(99) / MS, latency.getValueAtPercentile(99.9) / MS,
						latency.getMaxValue() / MS),
				this.delivery.lost.sum(), this.delivery.duplicates.sum(), this.delivery.gaps.sum(),
				this.delivery.errors.sum(), this.delivery.reconnects.sum(), silent, requests, requests / seconds,
				new TransportResult.ServerFigures(cpuOverWindow(measured),
						max(measured, TransportResult.Sample::serverCpuCores),
						mean(measured, TransportResult.Sample::machineCpu), max(all, TransportResult.Sample::heapMb),
						max(all, TransportResult.Sample::threads), max(all, TransportResult.Sample::openFiles),
						max(all, TransportResult.Sample::serverConnections)),
				memory, mean(measured, TransportResult.Sample::clientCpuCores), extensions, all, distribution(latency));
	}

	private FeedClient client(String feed, AsyncClients async, Delivery.Client state) {
		URI base = this.server.baseUrl();
		return switch (this.transport) {
			case "sse" -> async.sse(base.resolve("/api/feeds/" + feed + "/stream"), state);
			case "websocket" -> async.webSocket(URI.create("ws://" + base.getAuthority() + "/ws/feeds/" + feed), state);
			case "long-polling" -> async.polling(base.resolve("/api/feeds/" + feed + "/events"),
					this.options.longPollWait(), this.options.pollInterval(), state);
			case "polling" -> async.polling(base.resolve("/api/feeds/" + feed + "/events"), 0,
					this.options.pollInterval(), state);
			default -> throw new IllegalArgumentException(this.transport);
		};
	}

	private static long requests(List<FeedClient> clients) {
		return clients.stream().mapToLong(FeedClient::requests).sum();
	}

	/** Once a second until interrupted: both sides' figures, and a progress line. */
	private void sample() {
		long start = System.nanoTime();
		long lastNanos = start;
		long lastReceived = 0;
		double lastServerCpu = Double.NaN;
		double lastServerUptime = Double.NaN;
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
			double serverCpuNanos = metrics.getOrDefault("process_cpu_time_ns_total", Double.NaN);
			double serverUptime = metrics.getOrDefault("process_uptime_seconds", Double.NaN);
			// the server's own clock: an answer that came late must not inflate the figure
			double serverCores = (serverCpuNanos - lastServerCpu) / 1e9 / (serverUptime - lastServerUptime);
			String phase = this.phase;
			TransportResult.Sample sample = new TransportResult.Sample((now - start) / 1e9, phase,
					this.delivery.connected.get(), (received - lastReceived) / dt,
					interval.getTotalCount() == 0 ? Double.NaN : interval.getValueAtPercentile(99) / MS,
					Double.isNaN(serverCores) ? 0 : serverCores, metrics.getOrDefault("system_cpu_usage", Double.NaN),
					orNaN(AppProcess.sum(metrics, AppProcess.HEAP_USED)) / (1024 * 1024),
					metrics.getOrDefault("jvm_threads_live_threads", Double.NaN),
					metrics.getOrDefault("process_files_open_files", Double.NaN),
					metrics.getOrDefault("lab_transport_connections{transport=\"" + this.transport + "\"}", Double.NaN),
					(clientCpu - lastClientCpu) / 1e9 / dt, serverCpuNanos / 1e9, serverUptime);
			synchronized (this.timeline) {
				this.timeline.add(sample);
			}
			if (!this.options.quiet() || n % 5 == 4) {
				this.console.printf(
						"[%s %5.0fs %-7s] clients %6d  msg/s %8.0f  p99 %7.1f ms  lost %d dup %d err %d reconn %d | server cpu %.2f cores, heap %.0f MB, threads %.0f, fds %.0f, conns %.0f | machine cpu %.0f%%, load-gen cpu %.2f cores%n",
						this.transport, sample.t(), phase, sample.connected(), sample.messagesPerSecond(),
						sample.p99Ms(), this.delivery.lost.sum(), this.delivery.duplicates.sum(),
						this.delivery.errors.sum(), this.delivery.reconnects.sum(), sample.serverCpuCores(),
						sample.heapMb(), sample.threads(), sample.openFiles(), sample.serverConnections(),
						sample.machineCpu() * 100, sample.clientCpuCores());
			}
			lastNanos = now;
			lastReceived = received;
			lastServerCpu = serverCpuNanos;
			lastServerUptime = serverUptime;
			lastClientCpu = clientCpu;
		}
	}

	/**
	 * Push connections close on the server a little after the clients hang up: wait for
	 * that (bounded), so that the next transport starts on a quiet server. Polling clients
	 * simply stop asking; the server's count of them fades by itself after 5 s.
	 */
	private void waitForServerToForget() throws InterruptedException {
		if (this.transport.endsWith("polling")) {
			return;
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			try {
				Double connections = this.server.metrics(this.transport)
					.get("lab_transport_connections{transport=\"" + this.transport + "\"}");
				if (connections == null || connections < 1) {
					return;
				}
			}
			catch (IOException ex) {
				return;
			}
			Thread.sleep(500);
		}
	}

	private static TransportResult.MemoryPerConnection perConnection(AppProcess.Memory before, AppProcess.Memory after,
			int connected) {
		return new TransportResult.MemoryPerConnection(before.heapBytes(), after.heapBytes(), before.rssBytes(),
				after.rssBytes(), divide(before.heapBytes(), after.heapBytes(), connected),
				divide(before.rssBytes(), after.rssBytes(), connected));
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

	/**
	 * AppProcess cores used over the measured window: CPU seconds over uptime seconds between
	 * its first and last sample, both from the server (per-second figures are noisier, as
	 * each answer may come a little late).
	 */
	private static double cpuOverWindow(List<TransportResult.Sample> samples) {
		List<TransportResult.Sample> known = samples.stream()
			.filter(s -> Double.isFinite(s.serverCpuSeconds()) && Double.isFinite(s.serverUptimeSeconds()))
			.toList();
		if (known.size() < 2) {
			return Double.NaN;
		}
		TransportResult.Sample first = known.get(0);
		TransportResult.Sample last = known.get(known.size() - 1);
		return (last.serverCpuSeconds() - first.serverCpuSeconds())
				/ (last.serverUptimeSeconds() - first.serverUptimeSeconds());
	}

	private static double orNaN(Double value) {
		return value == null ? Double.NaN : value;
	}

	private static double mean(List<TransportResult.Sample> samples,
			java.util.function.ToDoubleFunction<TransportResult.Sample> figure) {
		return samples.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
	}

	private static double max(List<TransportResult.Sample> samples,
			java.util.function.ToDoubleFunction<TransportResult.Sample> figure) {
		return samples.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
	}

}
