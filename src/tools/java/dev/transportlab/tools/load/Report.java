package dev.transportlab.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import dev.transportlab.tools.charts.ChartFiles;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes --out: results.json (every figure), report.md (the side-by-side table) and PNG charts. */
final class Report {

	private Report() {
	}

	/** Facts about the run that a reader needs to judge the numbers. */
	record RunInfo(String command, String startedAt, String finishedAt, int nproc, String loadAverageAtStart,
			String loadAverageAtEnd, String java, String serverJvmArgs, String serverCpus, String clientCpus,
			boolean serverStartedByTool, long openFileLimit) {
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

	/** "websocket on nchan (deflate)": one row of the table, one bar group, one line. */
	static String label(TransportResult r) {
		return label(r.transport(), r.server(), r.webSocketExtensions(), r.repeat());
	}

	/** One name per run: with --repeat the runs of a server differ by their number (charts need distinct keys). */
	static String label(String transport, String server, String webSocketExtensions, int repeat) {
		String deflate = webSocketExtensions.startsWith("permessage-deflate") ? " (deflate)" : "";
		return transport + " on " + server + deflate + ((repeat > 1) ? " #" + repeat : "");
	}

	private static List<String> charts(Path out, List<TransportResult> results) throws IOException {
		List<String> files = new ArrayList<>();
		if (results.isEmpty()) {
			return files;
		}
		int width = Math.max(900, results.size() * 150);
		DefaultCategoryDataset latency = new DefaultCategoryDataset();
		DefaultCategoryDataset cost = new DefaultCategoryDataset();
		for (TransportResult r : results) {
			latency.addValue(r.latencyMs().p50(), "p50", label(r));
			latency.addValue(r.latencyMs().p99(), "p99", label(r));
			latency.addValue(r.latencyMs().p999(), "p99.9", label(r));
			cost.addValue(r.cost().cpuMicrosPerMessage(), "server CPU µs per delivered message", label(r));
		}
		ChartFiles.save(ChartFiles.bars("Delivery latency (ms)", "ms", latency, results.size() > 4),
				out.resolve("latency-summary.png"), width);
		ChartFiles.save(ChartFiles.bars("Server CPU per delivered message (its own process, from /proc)", "µs",
				cost, results.size() > 4), out.resolve("cpu-per-message.png"), width);
		files.addAll(List.of("latency-summary.png", "cpu-per-message.png"));

		ChartFiles.save(ChartFiles.lines("Messages/s received by all clients", "seconds since start", "messages/s",
				timeline(results, TransportResult.Sample::messagesPerSecond)), out.resolve("messages-per-second.png"), 900);
		ChartFiles.save(ChartFiles.lines("Server CPU (cores, from /proc)", "seconds since start", "cores",
				timeline(results, TransportResult.Sample::serverCpuCores)), out.resolve("server-cpu.png"), 900);
		ChartFiles.save(ChartFiles.lines("Server resident memory", "seconds since start", "MB",
				timeline(results, TransportResult.Sample::rssMb)), out.resolve("server-rss.png"), 900);
		XYSeriesCollection percentiles = new XYSeriesCollection();
		for (TransportResult r : results) {
			XYSeries series = new XYSeries(label(r), false, true);
			r.latencyDistribution().forEach(p -> series.add(nines(p.percentile()), p.latencyMs()));
			percentiles.addSeries(series);
		}
		JFreeChart chart = ChartFiles.lines("Delivery latency by percentile (x: 1 = 90%, 2 = 99%, 3 = 99.9%)",
				"nines", "ms", percentiles);
		((NumberAxis) chart.getXYPlot().getDomainAxis()).setTickUnit(new NumberTickUnit(1));
		ChartFiles.save(chart, out.resolve("latency-percentiles.png"), 900);
		files.addAll(List.of("messages-per-second.png", "latency-percentiles.png", "server-cpu.png", "server-rss.png"));
		return files;
	}

	private static XYSeriesCollection timeline(List<TransportResult> results,
			ToDoubleFunction<TransportResult.Sample> figure) {
		XYSeriesCollection data = new XYSeriesCollection();
		for (TransportResult r : results) {
			XYSeries series = new XYSeries(label(r), false, true);
			for (TransportResult.Sample s : r.timeline()) {
				double y = figure.applyAsDouble(s);
				series.add(s.t(), Double.isFinite(y) ? y : null);
			}
			data.addSeries(series);
		}
		return data;
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
			.append("; servers on CPUs ").append(info.serverCpus().isEmpty() ? "(unpinned)" : info.serverCpus())
			.append(", load generator on CPUs ").append(info.clientCpus().isEmpty() ? "(unpinned)" : info.clientCpus())
			.append('\n');
		md.append("- Java: ").append(info.java()).append("; open-file limit ").append(info.openFileLimit()).append('\n');
		md.append("- This project's server: ")
			.append(info.serverStartedByTool() ? "started by the tool as its own JVM: `" + info.serverJvmArgs() + "`"
					: "a running app")
			.append("\n\n");
		md.append("Latency = client receive time minus the event's `ts` (same host clock), in the window after the")
			.append(" ramp-up (HdrHistogram). Server CPU = the server process's own user + system time over that")
			.append(" window (for nchan, the nginx worker's), from /proc, divided by the messages the clients received")
			.append(" in it; writes = its write system calls (`syscw` in /proc/PID/io) likewise, bytes = what they wrote (`wchar`:"
					+ " payload, framing and compression, above TCP); JIT = the part of the server CPU its JIT compiler"
					+ " threads used (a JVM still compiling; - for the peers). Lost and duplicates")
			.append(" count over the whole run.\n\n");
		md.append("| transport | server | run | WebSocket extension | clients | connected | silent | delivered | msg/s (expected) | publisher events/s | p50 ms | p99 ms | p99.9 ms | max ms | lost | dup | errors | server CPU µs/msg | of which JIT | writes/msg | bytes/msg | server cores | load-gen cores | RSS MB | checks | load average before → after |\n");
		md.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
		for (TransportResult r : results) {
			TransportResult.Latency l = r.latencyMs();
			TransportResult.Cost c = r.cost();
			md.append(String.format(Locale.ROOT,
					"| %s | %s | %d | %s | %,d | %,d | %,d | %s | %,.0f (%,.0f) | %s | %.1f | %.1f | %.1f | %.1f | %s | %d | %d | %.1f | %s | %.2f | %.0f | %.2f | %.2f | %.0f | %s | %s → %s |%n",
					r.transport(), r.server(), r.repeat(),
					r.webSocketExtensions().isEmpty() ? "-" : r.webSocketExtensions(), r.clients(),
					r.connectedAfterRampUp(), r.silentClients(), percent(r.deliveredShare()), r.messagesPerSecond(),
					r.expectedMessagesPerSecond(), publisherRate(r.publisherRate(), r.rate()), l.p50(), l.p99(), l.p999(),
					l.max(), lost(r.lost(), r.deliveredShare()), r.duplicates(), r.errors(), c.cpuMicrosPerMessage(),
					jit(c), c.writesPerMessage(), c.bytesPerMessage(), c.cpuCores(), r.clientCpuCoresMean(), c.rssMb(),
					checks(r.bottleneck(), r.noise().status()), r.loadAverageBefore(), r.loadAverageAfter()));
		}
		md.append("\n`delivered` = messages received in the measured window / (clients x rate x seconds); `silent` ="
				+ " clients that received nothing for the last 5 s or more of it; latency percentiles are over the"
				+ " messages received. `lost` (gaps in the sequence) is only claimed at 99 % delivered or more. `checks`:"
				+ " **generator-bound** (the load generator or the peers' publisher ran out of CPU or fell short of"
				+ " its rate) or **server-bound** (the server used its cores up, or less than 99 % was delivered"
				+ " while the generator had room) rows give no verdict on the server; **disturbed**: other processes"
				+ " used more than " + String.format(Locale.ROOT, "%.0f", thresholdPercent(results))
				+ " % of a core in the window (NoiseGuard); `not checked`: no /proc.\n\n");
		Repeats.append(md, results);
		md.append("\n`connected` = clients connected after the ramp-up. Peers get the same events (this project's")
			.append(" DashboardGenerator) from a publisher in the load generator, counted apart below.\n\n");
		for (TransportResult r : results) {
			md.append("## ").append(label(r)).append("\n\n");
			md.append(String.format(Locale.ROOT,
					"- %d clients on feed `%s` (%d events/s x %d markers), measured %.1f s after a %.0f s ramp-up%n",
					r.clients(), r.feed(), r.rate(), r.markers(), r.measuredSeconds(), r.rampUpSeconds()));
			md.append(String.format(Locale.ROOT,
					"- received %,d events in the window (%,.0f/s of %,.0f/s expected), %,d in the whole run%n",
					r.receivedMeasured(), r.messagesPerSecond(), r.expectedMessagesPerSecond(), r.received()));
			md.append(String.format(Locale.ROOT,
					"- latency ms: mean %.1f, p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f (%,d samples)%n",
					r.latencyMs().mean(), r.latencyMs().p50(), r.latencyMs().p90(), r.latencyMs().p99(),
					r.latencyMs().p999(), r.latencyMs().max(), r.latencyMs().count()));
			md.append(String.format(Locale.ROOT,
					"- delivered %s of the expected messages; lost %s, duplicates %d, gap notices %d, errors %d, reconnects %d, silent clients %d%n",
					percent(r.deliveredShare()), lost(r.lost(), r.deliveredShare()), r.duplicates(), r.gaps(), r.errors(),
					r.reconnects(), r.silentClients()));
			md.append("- checks: ").append(r.bottleneck().fair() ? "no side ran out" : "**" + r.bottleneck().mark() + "**, no verdict on the server")
				.append(" (").append(r.bottleneck().why()).append("); noise guard ").append(r.noise().summary())
				.append('\n');
			if (r.requests() > 0 && !Set.of("sse", "fetch", "websocket").contains(r.transport())) {
				md.append(String.format(Locale.ROOT, "- requests in the window: %,d (%,.0f/s)%n", r.requests(),
						r.requestsPerSecond()));
			}
			TransportResult.Cost c = r.cost();
			md.append(String.format(Locale.ROOT,
					"- server process: %.2f CPU s in the window (%.2f cores), %.1f µs%s, %.2f write calls and %.0f bytes written per delivered message, resident %.0f MB%n",
					c.cpuSeconds(), c.cpuCores(), c.cpuMicrosPerMessage(),
					Double.isNaN(c.jitMicrosPerMessage()) ? "" : " (of which the JIT compiler threads " + jit(c) + " µs)",
					c.writesPerMessage(),
					c.bytesPerMessage(), c.rssMb()));
			if (!Double.isNaN(r.actuator().connectionsMax())) {
				md.append(String.format(Locale.ROOT,
						"- Actuator: heap max %.0f MB, threads max %.0f, connections max %.0f%n", r.actuator().heapMbMax(),
						r.actuator().threadsMax(), r.actuator().connectionsMax()));
			}
			TransportResult.MemoryPerConnection m = r.memory();
			md.append("- memory per connection: RSS ").append(bytes(m.rssBytesPerConnection())).append(" (")
				.append(bytes(m.rssBeforeBytes())).append(" -> ").append(bytes(m.rssAfterBytes())).append(")");
			if (m.heapBytesPerConnection() != null) {
				md.append(", heap after a full GC ").append(bytes(m.heapBytesPerConnection())).append(" (")
					.append(bytes(m.heapBeforeBytes())).append(" -> ").append(bytes(m.heapAfterBytes())).append(")");
			}
			md.append('\n');
			if (r.publishing().published() > 0 || r.publishing().failed() > 0) {
				md.append(String.format(Locale.ROOT,
						"- publisher: %,d events posted, %d failed; %.2f events/s in the measured window (asked %d)%n",
						r.publishing().published(), r.publishing().failed(), r.publisherRate(), r.rate()));
			}
			md.append(String.format(Locale.ROOT, "- load generator CPU %.2f cores mean; load average %s → %s%n%n",
					r.clientCpuCoresMean(), r.loadAverageBefore(), r.loadAverageAfter()));
		}
		if (!charts.isEmpty()) {
			md.append("## Charts\n\n");
			for (String chart : charts) {
				md.append("![").append(chart).append("](").append(chart).append(")\n\n");
			}
		}
		return md.toString();
	}

	static String percent(double share) {
		return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", share * 100);
	}

	/** "0" only where at least 99 % arrived: no gap seen in what little arrived is not "nothing lost". */
	/** The JIT compiler threads' share of the CPU per message, "-" where unknown (peers). */
	static String jit(TransportResult.Cost cost) {
		return Double.isNaN(cost.jitMicrosPerMessage()) ? "-"
				: String.format(Locale.ROOT, "%.1f", cost.jitMicrosPerMessage());
	}

	static String lost(long lost, double delivered) {
		if (!Double.isNaN(delivered) && delivered >= Bottleneck.MIN_DELIVERED) {
			return Long.toString(lost);
		}
		return lost + " (of " + percent(delivered) + " delivered)";
	}

	static String publisherRate(double rate, int asked) {
		return Double.isNaN(rate) ? "- (own feed)" : String.format(Locale.ROOT, "%.2f of %d", rate, asked);
	}

	/** "ok", or the marks a reader must see first. */
	static String checks(Bottleneck bottleneck, String noise) {
		List<String> marks = new ArrayList<>();
		if (!bottleneck.fair()) {
			marks.add("**" + bottleneck.mark() + "**");
		}
		if (NoiseGuard.DISTURBED.equals(noise)) {
			marks.add("**disturbed**");
		}
		else if (!NoiseGuard.CLEAN.equals(noise)) {
			marks.add(noise);
		}
		return marks.isEmpty() ? "ok" : String.join(", ", marks);
	}

	private static double thresholdPercent(List<TransportResult> results) {
		return results.isEmpty() ? 5 : results.get(0).noise().thresholdCores() * 100;
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
