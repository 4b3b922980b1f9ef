package dev.transportlab.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes target/load/: results.json (every figure), report.md (the summary) and PNG charts. */
final class Report {

	private Report() {
	}

	/** Facts about the run that a reader needs to judge the numbers. */
	record RunInfo(String command, String startedAt, String finishedAt, int nproc, String loadAverageAtStart,
			String loadAverageAtEnd, String java, String serverJvmArgs, String serverUrl, boolean serverStartedByTool,
			long openFileLimit) {
	}

	static void write(Path out, RunInfo info, List<TransportResult> results) throws IOException {
		Files.createDirectories(out);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("run", info);
		json.put("results", results);
		JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		Files.writeString(out.resolve("results.json"), mapper.writeValueAsString(json));
		List<String> charts = charts(out, results);
		Files.writeString(out.resolve("report.md"), markdown(info, results, charts));
	}

	private static List<String> charts(Path out, List<TransportResult> results) throws IOException {
		List<String> files = new ArrayList<>();
		if (results.isEmpty()) {
			return files;
		}
		List<String> names = results.stream().map(TransportResult::transport).toList();
		double[][] latency = new double[results.size()][];
		for (int i = 0; i < results.size(); i++) {
			TransportResult.Latency l = results.get(i).latencyMs();
			latency[i] = new double[] { l.p50(), l.p99(), l.p999() };
		}
		Charts.bars(out.resolve("latency-summary.png"), "Delivery latency by transport (ms)", "ms", names,
				List.of("p50", "p99", "p99.9"), latency);
		files.add("latency-summary.png");
		double[][] cpu = new double[results.size()][];
		for (int i = 0; i < results.size(); i++) {
			cpu[i] = new double[] { results.get(i).server().cpuCoresMean(), results.get(i).clientCpuCoresMean() };
		}
		Charts.bars(out.resolve("cpu-summary.png"), "CPU while measuring (cores of " + Runtime.getRuntime().availableProcessors() + ")",
				"cores", names, List.of("server", "load generator"), cpu);
		files.add("cpu-summary.png");

		List<Charts.Series> throughput = new ArrayList<>();
		List<Charts.Series> serverCpu = new ArrayList<>();
		List<Charts.Series> heap = new ArrayList<>();
		List<Charts.Series> percentiles = new ArrayList<>();
		for (TransportResult result : results) {
			double[] t = result.timeline().stream().mapToDouble(TransportResult.Sample::t).toArray();
			throughput.add(new Charts.Series(result.transport(), t,
					result.timeline().stream().mapToDouble(TransportResult.Sample::messagesPerSecond).toArray()));
			serverCpu.add(new Charts.Series(result.transport(), t,
					result.timeline().stream().mapToDouble(TransportResult.Sample::serverCpuCores).toArray()));
			heap.add(new Charts.Series(result.transport(), t,
					result.timeline().stream().mapToDouble(TransportResult.Sample::heapMb).toArray()));
			percentiles.add(new Charts.Series(result.transport(),
					result.latencyDistribution().stream().mapToDouble(p -> nines(p.percentile())).toArray(),
					result.latencyDistribution().stream().mapToDouble(TransportResult.Percentile::latencyMs).toArray()));
		}
		Charts.lines(out.resolve("messages-per-second.png"), "Messages/s received by all clients", "seconds since start",
				"messages/s", throughput, null);
		Charts.lines(out.resolve("server-cpu.png"), "AppProcess CPU (from Actuator)", "seconds since start", "cores",
				serverCpu, null);
		Charts.lines(out.resolve("server-heap.png"), "AppProcess heap used", "seconds since start", "MB", heap, null);
		Charts.lines(out.resolve("latency-percentiles.png"), "Delivery latency by percentile", "percentile", "ms",
				percentiles, List.of(new Charts.Tick(nines(0), "0%"), new Charts.Tick(nines(50), "50%"),
						new Charts.Tick(nines(90), "90%"), new Charts.Tick(nines(99), "99%"),
						new Charts.Tick(nines(99.9), "99.9%"), new Charts.Tick(nines(99.99), "99.99%")));
		files.addAll(List.of("messages-per-second.png", "latency-percentiles.png", "server-cpu.png", "server-heap.png"));
		return files;
	}

	/** The usual HdrHistogram x axis: 90% -> 1, 99% -> 2, 99.9% -> 3. */
	private static double nines(double percentile) {
		return -Math.log10(Math.max(1e-5, 1 - percentile / 100));
	}

	static String markdown(RunInfo info, List<TransportResult> results, List<String> charts) {
		StringBuilder md = new StringBuilder();
		md.append("# Load test report\n\n");
		md.append("- Command: `").append(info.command()).append("`\n");
		md.append("- Started ").append(info.startedAt()).append(", finished ").append(info.finishedAt()).append('\n');
		md.append("- Machine: nproc ").append(info.nproc()).append(", load average at start ")
			.append(info.loadAverageAtStart()).append(", at end ").append(info.loadAverageAtEnd())
			.append(" (the load generator runs on the same machine)\n");
		md.append("- Java: ").append(info.java()).append("; open-file limit ").append(info.openFileLimit()).append('\n');
		md.append("- Server: ").append(info.serverUrl())
			.append(info.serverStartedByTool() ? " (started by the tool as its own JVM: " + info.serverJvmArgs() + ")"
					: " (running app)")
			.append("\n\n");
		md.append("Latency = client receive time minus the event's server `ts` (same host clock), measured only in the")
			.append(" window after the ramp-up. Lost and duplicates count over the whole run.\n\n");
		md.append("| transport | clients | connected | rate/s | msg/s (expected) | p50 ms | p99 ms | p99.9 ms | max ms | lost | dup | gaps | errors | reconnects | silent | req/s | server CPU cores | heap max MB | threads max | heap/conn | RSS/conn | load-gen CPU cores |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (TransportResult r : results) {
			TransportResult.Latency l = r.latencyMs();
			md.append(String.format(Locale.ROOT,
					"| %s | %d | %d | %d | %,.0f (%,.0f) | %.1f | %.1f | %.1f | %.1f | %d | %d | %d | %d | %d | %d | %s | %.2f | %.0f | %.0f | %s | %s | %.2f |%n",
					r.transport(), r.clients(), r.connectedAfterRampUp(), r.rate(), r.messagesPerSecond(),
					r.expectedMessagesPerSecond(), l.p50(), l.p99(), l.p999(), l.max(), r.lost(), r.duplicates(),
					r.gaps(), r.errors(), r.reconnects(), r.silentClients(),
					r.requests() > 0 ? String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond()) : "-",
					r.server().cpuCoresMean(), r.server().heapMbMax(),
					r.server().threadsMax(), bytes(r.memory().heapBytesPerConnection()),
					bytes(r.memory().rssBytesPerConnection()), r.clientCpuCoresMean()));
		}
		md.append("\n`connected` = clients connected after the ramp-up; `silent` = clients that received nothing in")
			.append(" the last seconds of the run; heap/conn = server heap after a full GC, after minus before the")
			.append(" clients connected, divided by them (RSS likewise).\n\n");
		for (TransportResult r : results) {
			md.append("## ").append(r.transport()).append("\n\n");
			md.append(String.format(Locale.ROOT,
					"- %d clients on feed `%s` (%d events/s x %d markers), measured %.1f s after a %.0f s ramp-up%n",
					r.clients(), r.feed(), r.rate(), r.markers(), r.measuredSeconds(), r.rampUpSeconds()));
			md.append(String.format(Locale.ROOT,
					"- received %,d events in the window (%,.0f/s of %,.0f/s expected), %,d in the whole run%n",
					r.receivedMeasured(), r.messagesPerSecond(), r.expectedMessagesPerSecond(), r.received()));
			md.append(String.format(Locale.ROOT, "- latency ms: mean %.1f, p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f (%,d samples)%n",
					r.latencyMs().mean(), r.latencyMs().p50(), r.latencyMs().p90(), r.latencyMs().p99(),
					r.latencyMs().p999(), r.latencyMs().max(), r.latencyMs().count()));
			md.append(String.format(Locale.ROOT, "- lost %d, duplicates %d, gap notices %d, errors %d, reconnects %d, silent clients %d%n",
					r.lost(), r.duplicates(), r.gaps(), r.errors(), r.reconnects(), r.silentClients()));
			if (r.requests() > 0) {
				md.append(String.format(Locale.ROOT, "- requests in the window: %,d (%,.0f/s)%n", r.requests(),
						r.requestsPerSecond()));
			}
			TransportResult.ServerFigures s = r.server();
			md.append(String.format(Locale.ROOT,
					"- server: CPU %.2f cores (CPU time over uptime across the window), machine CPU %.0f%%, heap max %.0f MB, threads max %.0f, open files max %.0f, connections max %.0f%n",
					s.cpuCoresMean(), s.machineCpuMean() * 100, s.heapMbMax(), s.threadsMax(),
					s.openFilesMax(), s.connectionsMax()));
			TransportResult.MemoryPerConnection m = r.memory();
			md.append("- memory per connection: heap ").append(bytes(m.heapBytesPerConnection())).append(" (GC'd heap ")
				.append(bytes(m.heapBeforeBytes())).append(" -> ").append(bytes(m.heapAfterBytes())).append("), RSS ")
				.append(bytes(m.rssBytesPerConnection())).append(" (")
				.append(bytes(m.rssBeforeBytes())).append(" -> ").append(bytes(m.rssAfterBytes())).append(")\n");
			md.append(String.format(Locale.ROOT, "- load generator CPU %.2f cores mean%n%n", r.clientCpuCoresMean()));
		}
		if (!charts.isEmpty()) {
			md.append("## Charts\n\n");
			for (String chart : charts) {
				md.append("![").append(chart).append("](").append(chart).append(")\n\n");
			}
		}
		return md.toString();
	}

	static String bytes(Long bytes) {
		if (bytes == null) {
			return "n/a";
		}
		if (Math.abs(bytes) >= 10L * 1024 * 1024) {
			return String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
		}
		if (Math.abs(bytes) >= 10 * 1024) {
			return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
		}
		return bytes + " B";
	}

}
