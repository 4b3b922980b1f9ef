package dev.transportlab.tools.measure;

import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.NginxProcess;
import dev.transportlab.tools.client.RedisProcess;
import dev.transportlab.tools.load.Delivery;
import dev.transportlab.tools.load.NoiseGuard;
import dev.transportlab.tools.load.ProcStats;

/** {@code scaling-run failover}: the publishing instance killed under SSE clients through nginx (docs/scaling.md). */
@Command(name = "failover", mixinStandardHelpOptions = true, showDefaultValues = true,
		description = "Kill the publishing instance while clients listen through nginx; count lost and duplicated events.")
final class ScalingFailover extends ScalingRun.Common implements Callable<Integer> {

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
				AppProcess publisher = ScalingRun.publishes(first) ? first : second;
				AppProcess survivor = (publisher == first) ? second : first;
				Delivery delivery = new Delivery();
				try (ScalingRun.Clients clients = connect("failover",
						URI.create(nginx.baseUrl() + "/api/feeds/live/stream"), delivery)) {
					long seqAtStart = ScalingRun.live(survivor).get("seq").asLong();
					long startNanos = System.nanoTime();
					NoiseGuard.Window noise = new NoiseGuard(NoiseGuard.DEFAULT_THRESHOLD_CORES).start();
					delivery.startMeasuring();
					listen("failover", "before the kill", this.before, delivery);
					long connectedBefore = delivery.connectedCount();
					long seqAtKill = ScalingRun.live(survivor).get("seq").asLong();
					double rateBefore = (seqAtKill - seqAtStart) / ((System.nanoTime() - startNanos) / 1e9);
					System.out.printf("[failover] killing the publisher %s (pid %d) with SIGKILL at seq %d%n",
							publisher.baseUrl(), publisher.pid(), seqAtKill);
					long killedAt = System.nanoTime();
					publisher.kill();
					while (!ScalingRun.publishes(survivor) && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(60)) {
						Thread.sleep(50);
					}
					long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
					boolean tookOver = ScalingRun.publishes(survivor);
					System.out.printf("[failover] %s %d ms after the kill%n",
							tookOver ? "the survivor publishes" : "no takeover", takeoverMillis);
					listen("failover", "after the kill", this.after, delivery);
					long seqAtEnd = ScalingRun.live(survivor).get("seq").asLong();
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
					raw.put("latencyMillis", ScalingRun.latencyMillis(latency));
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
