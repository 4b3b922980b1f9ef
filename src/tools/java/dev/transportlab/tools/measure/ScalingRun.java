package dev.transportlab.tools.measure;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.AsyncClients;
import dev.transportlab.tools.client.FeedClient;
import dev.transportlab.tools.client.NginxProcess;
import dev.transportlab.tools.client.RedisProcess;
import dev.transportlab.tools.load.Delivery;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The measurements of docs/scaling.md, each starting what it needs from Debian's packages
 * and the project's own files (docker/redis/redis.conf, docker/nginx/cluster.conf.template)
 * and the app (the jar, or this JVM's class path when there is no jar):
 * <ul>
 * <li>{@code failover}: Redis, two instances, nginx; SSE clients through nginx; the
 * publishing instance is killed (SIGKILL) mid-stream; reports events lost and duplicated
 * per client, the takeover time and delivery latency.</li>
 * <li>{@code cpu}: one instance, memory log then Redis log, the same clients and rate:
 * server CPU time per delivered event, side by side.</li>
 * </ul>
 * Clients are the toolkit's asynchronous SSE clients ({@link AsyncClients}, no thread per
 * client), reconnecting with Last-Event-ID like EventSource. Run it pinned away from the
 * servers ({@code --server-cpus}), e.g.
 * {@code /work/bin/quiet-run taskset -c 1 java -cp ... dev.transportlab.tools.measure.ScalingRun failover}.
 */
@Command(name = "scaling-run", mixinStandardHelpOptions = true, showDefaultValues = true,
		subcommands = { ScalingRun.Failover.class, ScalingRun.Cpu.class },
		description = "Failover and per-event CPU measurements of the Redis feed log (docs/scaling.md).")
public final class ScalingRun implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public static void main(String[] args) {
		System.exit(new CommandLine(new ScalingRun()).execute(args));
	}

	@Override
	public Integer call() {
		new CommandLine(this).usage(System.out);
		return 2;
	}

	/** What both runs share. */
	abstract static class Common {

		@Option(names = "--jar", description = "App jar; this JVM's class path when the file is missing")
		Path jar = Path.of("target/transport-lab-0.1.0-SNAPSHOT.jar");

		@Option(names = "--clients", description = "SSE clients (the toolkit's asynchronous clients)")
		int clients = 1000;

		@Option(names = "--rate", description = "Events per second of the live feed")
		int rate = 100;

		@Option(names = "--markers", description = "Markers per event (payload size, ~18 bytes each)")
		int markers = 20;

		@Option(names = "--server-cpus", description = "taskset CPU list for Redis, nginx and the app JVMs; "
				+ "empty: not pinned (pin this JVM elsewhere with taskset yourself)")
		String serverCpus = "0";

		@Option(names = "--server-jvm-args", description = "JVM options of each app instance")
		String jvmArgs = "-Xms256m -Xmx1g";

		@Option(names = "--out", description = "Directory for logs, Redis data and the report")
		Path out = Path.of("target/scaling");

		AppProcess app(List<String> settings, Path dir) throws IOException, InterruptedException {
			List<String> args = settings.stream().map(s -> "--" + s).toList();
			AppProcess app = Files.isRegularFile(this.jar)
					? AppProcess.start(this.jar, this.jvmArgs, args, Files.createDirectories(dir), false, System.out)
					: AppProcess.startFromClassPath(this.jvmArgs, args, dir, System.out);
			pin(app.pid());
			return app;
		}

		List<String> settings(String feedLog, int redisPort) {
			List<String> settings = new ArrayList<>(List.of("lab.feed.rate=" + this.rate,
					"lab.feed.markers=" + this.markers, "lab.feed-log=" + feedLog, "logging.level.root=warn",
					"logging.level.dev.transportlab=info"));
			if (redisPort > 0) {
				settings.add("spring.data.redis.port=" + redisPort);
				settings.add("spring.data.redis.host=127.0.0.1");
			}
			return settings;
		}

		/** Pins a process and its children (nginx workers) with taskset, all threads. */
		void pin(long pid) throws IOException, InterruptedException {
			if (this.serverCpus.isBlank()) {
				return;
			}
			List<Long> pids = new ArrayList<>(List.of(pid));
			ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(child -> pids.add(child.pid())));
			for (long each : pids) {
				new ProcessBuilder("taskset", "-a", "-c", "-p", this.serverCpus, Long.toString(each))
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start()
					.waitFor();
			}
		}

		/** Opens the clients over ~2 s and waits until all are connected. */
		Clients connect(URI stream, Delivery delivery) throws InterruptedException {
			Clients clients = new Clients(stream, delivery, this.clients);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (delivery.connectedCount() < this.clients && System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			System.out.printf("%d of %d clients connected%n", delivery.connectedCount(), this.clients);
			return clients;
		}

	}

	/** The toolkit's asynchronous SSE clients (no thread per client), one listener each. */
	static final class Clients implements AutoCloseable {

		private final AsyncClients async = AsyncClients.start(AsyncClients.Settings.browserLike());

		private final List<FeedClient> clients = new ArrayList<>();

		Clients(URI stream, Delivery delivery, int count) throws InterruptedException {
			for (int i = 0; i < count; i++) {
				FeedClient client = this.async.sse(stream, delivery.newClient());
				this.clients.add(client);
				client.start();
				if (i % 50 == 49) {
					Thread.sleep(100);
				}
			}
		}

		@Override
		public void close() {
			for (FeedClient client : this.clients) {
				try {
					client.close();
				}
				catch (Exception ex) {
					// closing anyway
				}
			}
			this.async.close();
		}

	}

	@Command(name = "failover", mixinStandardHelpOptions = true, showDefaultValues = true,
			description = "Kill the publishing instance while clients listen through nginx; count lost and duplicated events.")
	static final class Failover extends Common implements Callable<Integer> {

		@Option(names = "--before", description = "Seconds of listening before the kill")
		int before = 15;

		@Option(names = "--after", description = "Seconds of listening after the kill")
		int after = 30;

		@Option(names = "--lease-ttl", description = "Publisher lease (lab.redis.lease-ttl), e.g. 3s")
		String leaseTtl = "3s";

		@Override
		public Integer call() throws Exception {
			Files.createDirectories(this.out);
			String loadBefore = loadAverage();
			try (RedisProcess redis = RedisProcess.start(this.out.resolve("redis"))) {
				pin(redis.pid());
				List<String> settings = settings("redis", redis.port());
				settings.add("lab.redis.lease-ttl=" + this.leaseTtl);
				try (AppProcess first = app(settings, this.out.resolve("app1"));
						AppProcess second = app(settings, this.out.resolve("app2"));
						NginxProcess nginx = NginxProcess.start(this.out.resolve("nginx"), first.baseUrl().getPort(),
								second.baseUrl().getPort())) {
					pin(nginx.pid());
					AppProcess publisher = publishes(first) ? first : second;
					AppProcess survivor = (publisher == first) ? second : first;
					Delivery delivery = new Delivery();
					try (Clients clients = connect(URI.create(nginx.baseUrl() + "/api/feeds/live/stream"), delivery)) {
						delivery.startMeasuring();
						Thread.sleep(this.before * 1000L);
						long connectedBefore = delivery.connectedCount();
						long seqAtKill = live(survivor).get("seq").asLong();
						long killedAt = System.nanoTime();
						publisher.kill();
						while (!publishes(survivor) && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(60)) {
							Thread.sleep(50);
						}
						long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
						Thread.sleep(this.after * 1000L);
						long seqAtEnd = live(survivor).get("seq").asLong();
						delivery.stopMeasuring();
						Histogram latency = delivery.latencyMicros();
						String loadAfter = loadAverage();
						String report = String.format(Locale.ROOT, """
								Failover run: %d SSE clients through nginx, live feed at %d events/s x %d markers
								  publisher killed (SIGKILL) at seq %d; survivor published after %d ms (lease %s)
								  clients connected before the kill: %d; at the end: %d; reconnects: %d
								  events received: %d (seq %d..%d during the run)
								  lost within the window: %d; duplicated: %d; gap notices: %d
								  delivery latency (ts to receipt, same host) p50 %.1f ms, p99 %.1f ms, max %.1f ms
								  load average before: %s; after: %s
								""", this.clients, this.rate, this.markers, seqAtKill, takeoverMillis, this.leaseTtl,
								connectedBefore, delivery.connectedCount(), delivery.reconnectCount(),
								delivery.receivedCount(), seqAtKill, seqAtEnd, delivery.lostCount(),
								delivery.duplicateCount(), delivery.gapCount(), latency.getValueAtPercentile(50) / 1000.0,
								latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, loadBefore,
								loadAfter);
						System.out.print(report);
						Files.writeString(this.out.resolve("failover.txt"), report);
						return delivery.lostCount() == 0 && delivery.duplicateCount() == 0 ? 0 : 1;
					}
				}
			}
		}

	}

	@Command(name = "cpu", mixinStandardHelpOptions = true, showDefaultValues = true,
			description = "Server CPU per delivered event, memory log against Redis log, one instance.")
	static final class Cpu extends Common implements Callable<Integer> {

		@Option(names = "--seconds", description = "Measured seconds per mode (after the clients connected)")
		int seconds = 30;

		@Override
		public Integer call() throws Exception {
			Files.createDirectories(this.out);
			StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
					"Server CPU per delivered event: one instance, %d SSE clients, %d events/s x %d markers, %d s%n",
					this.clients, this.rate, this.markers, this.seconds));
			for (String mode : List.of("memory", "redis")) {
				String loadBefore = loadAverage();
				RedisProcess redis = mode.equals("redis") ? RedisProcess.start(this.out.resolve("cpu-redis")) : null;
				try {
					if (redis != null) {
						pin(redis.pid());
					}
					try (AppProcess app = app(settings(mode, redis != null ? redis.port() : 0),
							this.out.resolve("cpu-" + mode))) {
						Delivery delivery = new Delivery();
						try (Clients clients = connect(URI.create(app.baseUrl() + "/api/feeds/live/stream"),
								delivery)) {
							Thread.sleep(3000); // warm-up
							double cpu0 = app.metrics().get("process_cpu_time_ns_total");
							double redisCpu0 = redis != null ? redisCpuSeconds(redis) : 0;
							long received0 = delivery.receivedCount();
							Thread.sleep(this.seconds * 1000L);
							double cpu = app.metrics().get("process_cpu_time_ns_total") - cpu0;
							double redisCpu = redis != null ? redisCpuSeconds(redis) - redisCpu0 : 0;
							long received = delivery.receivedCount() - received0;
							report.append(String.format(Locale.ROOT,
									"  %-6s app CPU %.2f s for %d delivered events = %.2f µs/event; %s%s; lost %d, "
											+ "duplicated %d; load average before %s, after %s%n",
									mode, cpu / 1e9, received, cpu / 1e3 / received,
									redis != null ? String.format(Locale.ROOT, "redis-server CPU %.2f s", redisCpu)
											: "no Redis",
									String.format(Locale.ROOT, " (%.0f events/s made)",
											received / (double) this.seconds / Math.max(1, this.clients)),
									delivery.lostCount(), delivery.duplicateCount(), loadBefore, loadAverage()));
						}
					}
				}
				finally {
					if (redis != null) {
						redis.close();
					}
				}
			}
			System.out.print(report);
			Files.writeString(this.out.resolve("cpu.txt"), report);
			return 0;
		}

		private static double redisCpuSeconds(RedisProcess redis) throws IOException {
			String info = redis.command("INFO", "cpu");
			double total = 0;
			for (String line : info.split("\r\n")) {
				if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
					total += Double.parseDouble(line.substring(line.indexOf(':') + 1));
				}
			}
			return total;
		}

	}

	static JsonNode live(AppProcess app) throws IOException, InterruptedException {
		return JSON.readTree(app.get("/api/feeds/live"));
	}

	static boolean publishes(AppProcess app) {
		try {
			return live(app).get("log").get("publisher").asBoolean();
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static String loadAverage() throws IOException {
		String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
		return parts[0] + " " + parts[1] + " " + parts[2];
	}

}
