package dev.transportlab.tools.measure;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code taskset -c 1 java -cp ... dev.transportlab.tools.measure.ScalingRun failover}. Each run prints
 * progress, writes a markdown table ({@code failover.md}, {@code cpu.md}) and its raw figures
 * ({@code failover.json}, {@code cpu.json}) to {@code --out}, and stops every process it started,
 * also when it is interrupted.
 */
@Command(name = "scaling-run", mixinStandardHelpOptions = true, showDefaultValues = true,
		subcommands = { ScalingFailover.class, ScalingCpu.class },
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
