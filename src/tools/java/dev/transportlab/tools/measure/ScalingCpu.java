package dev.transportlab.tools.measure;

import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.RedisProcess;
import dev.transportlab.tools.load.Delivery;
import dev.transportlab.tools.load.NoiseGuard;
import dev.transportlab.tools.load.ProcStats;

/** {@code scaling-run cpu}: server CPU per delivered event, memory log against Redis log (docs/scaling.md). */
@Command(name = "cpu", mixinStandardHelpOptions = true, showDefaultValues = true,
		description = "Server CPU per delivered event, memory log against Redis log, one instance.")
final class ScalingCpu extends ScalingRun.Common implements Callable<Integer> {

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
				try (ScalingRun.Clients clients = connect("cpu " + mode, URI.create(app.baseUrl() + "/api/feeds/live/stream"),
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
					row.put("appCpuSeconds", ScalingRun.round(appCpu));
					row.put("redisCpuSeconds", redis != null ? ScalingRun.round(redisCpu) : null);
					row.put("appMicrosPerDeliveredEvent", ScalingRun.round(appCpu * 1e6 / Math.max(1, received)));
					row.put("appAndRedisMicrosPerDeliveredEvent",
							ScalingRun.round((appCpu + redisCpu) * 1e6 / Math.max(1, received)));
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
