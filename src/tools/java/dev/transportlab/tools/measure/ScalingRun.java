package dev.transportlab.tools.measure;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import dev.transportlab.tools.load.NoiseGuard;
import dev.transportlab.tools.load.ProcStats;

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
 * {@code taskset -c 1 java -cp ... dev.transportlab.tools.measure.ScalingRun failover}. Each run prints
 * progress, writes a markdown table ({@code failover.md}, {@code cpu.md}) and its raw figures
 * ({@code failover.json}, {@code cpu.json}) to {@code --out}, and stops every process it started,
 * also when it is interrupted.
 */
@Command(name = "scaling-run", mixinStandardHelpOptions = true, showDefaultValues = true,
		subcommands = { ScalingRun.Failover.class, ScalingRun.Cpu.class },
		description = "Failover and per-event CPU measurements of the Redis feed log (docs/scaling.md).")
public final class ScalingRun implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public static void main(String[] args) {
		ChildProcesses.killOnExit();
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

		@Option(names = "--connect-timeout", description = "Seconds allowed for every client to connect")
		int connectTimeout = 120;

		@Option(names = "--out", description = "Directory for logs, Redis data and the report")
		Path out = Path.of("target/scaling");

		/** An app instance, pinned from its first instruction (the jar) or right after it is up. */
		AppProcess app(List<String> settings, Path dir) throws IOException, InterruptedException {
			List<String> args = settings.stream().map(s -> "--" + s).toList();
			Files.createDirectories(dir);
			if (Files.isRegularFile(this.jar)) {
				return AppProcess.start(this.jar, this.jvmArgs, args, dir, false, System.out, this.serverCpus);
			}
			AppProcess app = AppProcess.startFromClassPath(this.jvmArgs, args, dir, System.out);
			pin(app.pid());
			return app;
		}

		/** Redis with an empty data directory: a run never starts from an earlier run's stream. */
		RedisProcess redis(Path dir) throws IOException, InterruptedException {
			if (Files.isDirectory(dir)) {
				try (var files = Files.walk(dir)) {
					for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
						Files.delete(file);
					}
				}
			}
			RedisProcess redis = RedisProcess.start(dir);
			pin(redis.pid());
			System.out.printf("Redis up on port %d (pid %d), data in %s%n", redis.port(), redis.pid(), dir);
			return redis;
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

		/** Opens the clients over ~2 s per 1,000 and waits until all are connected. */
		Clients connect(String run, URI stream, Delivery delivery) throws InterruptedException {
			System.out.printf("[%s] opening %d SSE clients on %s%n", run, this.clients, stream);
			Clients clients = new Clients(stream, delivery, this.clients);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.connectTimeout);
			while (delivery.connectedCount() < this.clients && System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			System.out.printf("[%s] %d of %d clients connected%n", run, delivery.connectedCount(), this.clients);
			return clients;
		}

		/** Waits {@code seconds}, printing what the clients saw every 5 s. */
		void listen(String run, String phase, int seconds, Delivery delivery) throws InterruptedException {
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			long next = System.nanoTime();
			while (true) {
				long now = System.nanoTime();
				if (now >= next) {
					System.out.printf("[%s] %s, %d s left: connected %d of %d; received %d; lost %d, duplicated %d, "
							+ "gap notices %d, reconnects %d%n", run, phase,
							Math.max(0, TimeUnit.NANOSECONDS.toSeconds(end - now)), delivery.connectedCount(),
							this.clients, delivery.receivedCount(), delivery.lostCount(), delivery.duplicateCount(),
							delivery.gapCount(), delivery.reconnectCount());
					next += TimeUnit.SECONDS.toNanos(5);
				}
				if (now >= end) {
					return;
				}
				Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(end - now), 200)));
			}
		}

		/** The report as markdown and its raw figures as JSON, in {@code --out}; printed too. */
		void write(String name, String markdown, Object raw) throws IOException {
			Files.writeString(this.out.resolve(name + ".md"), markdown);
			Files.writeString(this.out.resolve(name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(raw));
			System.out.println();
			System.out.print(markdown);
			System.out.println("Written: " + this.out.resolve(name + ".md") + ", " + this.out.resolve(name + ".json"));
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
			String loadBefore = ProcStats.loadAverage();
			System.out.printf("[failover] load average %s; starting Redis, two instances and nginx (CPUs %s)%n",
					loadBefore, this.serverCpus.isBlank() ? "not pinned" : this.serverCpus);
			try (RedisProcess redis = redis(this.out.resolve("redis"))) {
				List<String> settings = settings("redis", redis.port());
				settings.add("lab.redis.lease-ttl=" + this.leaseTtl);
				try (AppProcess first = app(settings, this.out.resolve("app1"));
						AppProcess second = app(settings, this.out.resolve("app2"));
						NginxProcess nginx = NginxProcess.start(this.out.resolve("nginx"), first.baseUrl().getPort(),
								second.baseUrl().getPort())) {
					pin(nginx.pid());
					System.out.printf("[failover] nginx at %s (pid %d) in front of %s and %s%n", nginx.baseUrl(),
							nginx.pid(), first.baseUrl(), second.baseUrl());
					AppProcess publisher = publishes(first) ? first : second;
					AppProcess survivor = (publisher == first) ? second : first;
					Delivery delivery = new Delivery();
					try (Clients clients = connect("failover",
							URI.create(nginx.baseUrl() + "/api/feeds/live/stream"), delivery)) {
						long seqAtStart = live(survivor).get("seq").asLong();
						long startNanos = System.nanoTime();
						NoiseGuard.Window noise = new NoiseGuard(NoiseGuard.DEFAULT_THRESHOLD_CORES).start();
						delivery.startMeasuring();
						listen("failover", "before the kill", this.before, delivery);
						long connectedBefore = delivery.connectedCount();
						long seqAtKill = live(survivor).get("seq").asLong();
						double rateBefore = (seqAtKill - seqAtStart) / ((System.nanoTime() - startNanos) / 1e9);
						System.out.printf("[failover] killing the publisher %s (pid %d) with SIGKILL at seq %d%n",
								publisher.baseUrl(), publisher.pid(), seqAtKill);
						long killedAt = System.nanoTime();
						publisher.kill();
						while (!publishes(survivor) && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(60)) {
							Thread.sleep(50);
						}
						long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
						boolean tookOver = publishes(survivor);
						System.out.printf("[failover] %s %d ms after the kill%n",
								tookOver ? "the survivor publishes" : "no takeover", takeoverMillis);
						listen("failover", "after the kill", this.after, delivery);
						long seqAtEnd = live(survivor).get("seq").asLong();
						double rateAfter = (seqAtEnd - seqAtKill) / ((System.nanoTime() - killedAt) / 1e9);
						delivery.stopMeasuring();
						NoiseGuard.Verdict verdict = noise.stop();
						System.out.printf(Locale.ROOT,
								"[failover] feed rate asked %d, achieved %.1f events/s before the kill, %.1f after; noise guard %s%n",
								this.rate, rateBefore, rateAfter, verdict.summary());
						Histogram latency = delivery.latencyMicros();
						String loadAfter = ProcStats.loadAverage();
						Map<String, Object> raw = new LinkedHashMap<>();
						raw.put("clients", this.clients);
						raw.put("rate", this.rate);
						raw.put("markers", this.markers);
						raw.put("leaseTtl", this.leaseTtl);
						raw.put("secondsBeforeKill", this.before);
						raw.put("secondsAfterKill", this.after);
						raw.put("seqAtStart", seqAtStart);
						raw.put("seqAtKill", seqAtKill);
						raw.put("seqAtEnd", seqAtEnd);
						raw.put("achievedRateBeforeKill", rateBefore);
						raw.put("achievedRateAfterKill", rateAfter);
						raw.put("noise", verdict);
						raw.put("survivorPublishes", tookOver);
						raw.put("takeoverMillis", takeoverMillis);
						raw.put("connectedBeforeKill", connectedBefore);
						raw.put("connectedAtEnd", delivery.connectedCount());
						raw.put("reconnects", delivery.reconnectCount());
						raw.put("eventsReceived", delivery.receivedCount());
						raw.put("lost", delivery.lostCount());
						raw.put("duplicated", delivery.duplicateCount());
						raw.put("gapNotices", delivery.gapCount());
						raw.put("latencyMillis", latencyMillis(latency));
						raw.put("serverCpus", this.serverCpus);
						raw.put("loadAverageBefore", loadBefore);
						raw.put("loadAverageAfter", loadAfter);
						String markdown = String.format(Locale.ROOT, """
								| clients (SSE via nginx) | events/s achieved before / after the kill (asked) × markers | lease | survivor published after the kill | connected before / at the end | reconnects | events received (whole run) | feed seq while listening | lost | duplicated | gap notices | delivery p50 / p99 / max | noise guard | load average before → after |
								| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
								| %d | %.0f / %.0f (%d) × %d | %s | %s | %d / %d | %d | %d | %d..%d | %d | %d | %d | %.1f / %.1f / %.1f ms | %s | %s → %s |
								""", this.clients, rateBefore, rateAfter, this.rate, this.markers, this.leaseTtl,
								tookOver ? takeoverMillis + " ms" : "not within 60 s", connectedBefore,
								delivery.connectedCount(), delivery.reconnectCount(), delivery.receivedCount(),
								seqAtStart, seqAtEnd, delivery.lostCount(), delivery.duplicateCount(),
								delivery.gapCount(), latency.getValueAtPercentile(50) / 1000.0,
								latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0,
								verdict.summary(), loadBefore, loadAfter);
						write("failover", markdown, raw);
						return tookOver && delivery.lostCount() == 0 && delivery.duplicateCount() == 0 ? 0 : 1;
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

		@Option(names = "--warm-up",
				description = "Seconds between the clients connecting and the measurement (JIT, first GCs)")
		int warmUp = 10;

		@Override
		public Integer call() throws Exception {
			Files.createDirectories(this.out);
			StringBuilder markdown = new StringBuilder(String.format(Locale.ROOT, """
					| feed log | SSE clients | events/s × markers | events delivered | app CPU | app CPU per delivered event | redis-server CPU | app + Redis CPU per delivered event | lost / duplicated | noise guard | load average before → after |
					| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
					"""));
			List<Map<String, Object>> raw = new ArrayList<>();
			boolean clean = true;
			for (String mode : List.of("memory", "redis")) {
				String loadBefore = ProcStats.loadAverage();
				System.out.printf("[cpu %s] load average %s%n", mode, loadBefore);
				try (RedisProcess redis = mode.equals("redis") ? redis(this.out.resolve("cpu-redis")) : null;
						AppProcess app = app(settings(mode, redis != null ? redis.port() : 0),
								this.out.resolve("cpu-" + mode))) {
					Delivery delivery = new Delivery();
					try (Clients clients = connect("cpu " + mode, URI.create(app.baseUrl() + "/api/feeds/live/stream"),
							delivery)) {
						listen("cpu " + mode, "warm-up", this.warmUp, delivery);
						double app0 = ProcStats.of(app.pid()).cpuSeconds();
						double redis0 = redis != null ? ProcStats.of(redis.pid()).cpuSeconds() : 0;
						long received0 = delivery.receivedCount();
						long start = System.nanoTime();
						NoiseGuard.Window noise = new NoiseGuard(NoiseGuard.DEFAULT_THRESHOLD_CORES).start();
						listen("cpu " + mode, "measuring", this.seconds, delivery);
						NoiseGuard.Verdict verdict = noise.stop();
						System.out.printf("[cpu %s] noise guard %s%n", mode, verdict.summary());
						double seconds = (System.nanoTime() - start) / 1e9;
						double appCpu = ProcStats.of(app.pid()).cpuSeconds() - app0;
						double redisCpu = redis != null ? ProcStats.of(redis.pid()).cpuSeconds() - redis0 : 0;
						long received = delivery.receivedCount() - received0;
						String loadAfter = ProcStats.loadAverage();
						clean &= delivery.lostCount() == 0 && delivery.duplicateCount() == 0;
						markdown.append(String.format(Locale.ROOT,
								"| %s | %d | %d × %d | %d in %.0f s | %.2f s | %.1f µs | %s | %.1f µs | %d / %d | %s | %s → %s |%n",
								mode, this.clients, this.rate, this.markers, received, seconds, appCpu,
								appCpu * 1e6 / Math.max(1, received),
								redis != null ? String.format(Locale.ROOT, "%.2f s", redisCpu) : "no Redis",
								(appCpu + redisCpu) * 1e6 / Math.max(1, received), delivery.lostCount(),
								delivery.duplicateCount(), verdict.summary(), loadBefore, loadAfter));
						Map<String, Object> row = new LinkedHashMap<>();
						row.put("feedLog", mode);
						row.put("clients", this.clients);
						row.put("rate", this.rate);
						row.put("markers", this.markers);
						row.put("connected", delivery.connectedCount());
						row.put("measuredSeconds", Math.round(seconds * 10) / 10.0);
						row.put("eventsDelivered", received);
						row.put("appCpuSeconds", round(appCpu));
						row.put("redisCpuSeconds", redis != null ? round(redisCpu) : null);
						row.put("appMicrosPerDeliveredEvent", round(appCpu * 1e6 / Math.max(1, received)));
						row.put("appAndRedisMicrosPerDeliveredEvent",
								round((appCpu + redisCpu) * 1e6 / Math.max(1, received)));
						row.put("lost", delivery.lostCount());
						row.put("duplicated", delivery.duplicateCount());
						row.put("serverCpus", this.serverCpus);
						row.put("noise", verdict);
						row.put("loadAverageBefore", loadBefore);
						row.put("loadAverageAfter", loadAfter);
						raw.add(row);
					}
				}
			}
			write("cpu", markdown.toString(), raw);
			return clean ? 0 : 1;
		}

	}

	/** CPU time is counted in 1/100 s: three decimals say all there is. */
	static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	/** p50, p99, max of a latency histogram in µs, as ms. */
	static Map<String, Double> latencyMillis(Histogram micros) {
		Map<String, Double> millis = new LinkedHashMap<>();
		millis.put("p50", micros.getValueAtPercentile(50) / 1000.0);
		millis.put("p99", micros.getValueAtPercentile(99) / 1000.0);
		millis.put("max", micros.getMaxValue() / 1000.0);
		return millis;
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

}
