package dev.transportlab.tools.compare;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.transportlab.bench.BenchResult;

/** Writes report.md, results.json, results.csv and the charts of one comparison run. */
final class ReportWriter {

	static final String REPORT = "report.md";

	static final String JSON = "results.json";

	static final String CSV = "results.csv";

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final Comparison comparison;

	private final JsonMapper json;

	ReportWriter(Comparison comparison, JsonMapper json) {
		this.comparison = comparison;
		this.json = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
	}

	List<Path> write(Path dir) throws IOException {
		Files.createDirectories(dir);
		List<Path> files = new ArrayList<>();
		files.add(Files.writeString(dir.resolve(REPORT), markdown()));
		files.add(Files.writeString(dir.resolve(JSON), this.json.writeValueAsString(jsonTree())));
		files.add(Files.writeString(dir.resolve(CSV), csv()));
		files.addAll(Charts.write(this.comparison, dir));
		return files;
	}

	// ---- results.json -----------------------------------------------------------------

	private Map<String, Object> jsonTree() {
		Comparison c = this.comparison;
		Map<String, Object> tree = new LinkedHashMap<>();
		tree.put("started", c.started().toString());
		tree.put("finished", c.finished().toString());
		tree.put("machine", c.machine());
		tree.put("versions", c.versions());
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("transports", c.options().transports());
		options.put("rates", c.options().rates());
		options.put("markers", c.options().markers());
		options.put("modes", c.options().modes());
		options.put("compression", c.options().compression());
		options.put("durations", c.options().durationText());
		options.put("warmupS", c.options().warmupS());
		options.put("pollIntervalMs", c.options().pollIntervalMs());
		options.put("displayHz", c.options().displayHz());
		options.put("rafMin", c.options().rafMin());
		options.put("protocols", c.options().protocols());
		options.put("networks", c.options().networks().stream().map(Network::profile).toList());
		options.put("baseUrl", c.options().baseUrl() == null ? "started by the run" : c.options().baseUrl().toString());
		options.put("webdriver", c.options().webdriverUrl() == null ? "local ChromeDriver" : "remote");
		tree.put("options", options);
		tree.put("noise", NoiseSection.json(c));
		tree.put("rafCheck", c.frameCheck());
		tree.put("appIdleCpuMsPerS", c.idleCpu());
		List<Map<String, Object>> scenarios = new ArrayList<>();
		for (ComparisonRun.Measured m : c.measured()) {
			scenarios.add(scenarioJson(m));
		}
		tree.put("scenarios", scenarios);
		tree.put("failures", c.failures());
		tree.put("targets", c.targets());
		tree.put("dx", c.dx());
		tree.put("sharedCode", c.sharedCode());
		return tree;
	}

	/**
	 * One scenario: the page's result, the wire as the relay saw it, and the per-event figures
	 * over the events the app sent to the scenario's connections.
	 */
	static Map<String, Object> scenarioJson(ComparisonRun.Measured m) {
		BenchResult r = m.result();
		WireCost w = m.wire();
		Map<String, Object> scenario = new LinkedHashMap<>();
		scenario.put("scenario", m.scenario());
		scenario.put("result", r);
		scenario.put("framesMeasured", Figures.framesMeasured(r));
		scenario.put("events", Figures.events(r));
		Map<String, Object> wire = new LinkedHashMap<>();
		wire.put("measured", w != null);
		wire.put("bytesDown", w == null ? null : w.bytesDown());
		wire.put("bytesUp", w == null ? null : w.bytesUp());
		wire.put("headerBytesDown", w == null ? null : w.headerBytesDown());
		wire.put("headerBytesUp", w == null ? null : w.headerBytesUp());
		wire.put("requests", w == null ? null : w.requests());
		wire.put("connections", w == null ? null : w.connections());
		wire.put("webSocketExtension", webSocketExtension(m));
		wire.put("contentEncoding", w == null ? null : w.contentEncoding() == null ? "none" : w.contentEncoding());
		wire.put("emptyAnswers", w == null ? null : w.emptyAnswers());
		wire.put("spanS", w == null ? null : w.spanS());
		wire.put("serverCpuMs", w == null || w.serverCpuNs() == null ? null : w.serverCpuNs() / 1e6);
		scenario.put("wire", wire);
		Map<String, Object> perEvent = new LinkedHashMap<>();
		perEvent.put("wireBytesDown", Figures.wireDownPerEvent(m));
		perEvent.put("wireBytesUp", Figures.wireUpPerEvent(m));
		perEvent.put("payloadBytes", Figures.payloadPerEvent(r));
		perEvent.put("headerBytes", Figures.headersPerEvent(m));
		perEvent.put("serverCpuUs", Figures.cpuUsPerEvent(m));
		scenario.put("perEvent", perEvent);
		scenario.put("requestsPerSecond", Figures.requestsPerSecond(m));
		scenario.put("reconnects", m.reconnects());
		scenario.put("loadAverage", m.loadAverage());
		scenario.put("checks", NoiseSection.json(m.checks()));
		return scenario;
	}

	/** The extension the 101 answer agreed, "none", or n/a for the HTTP transports and unmeasured runs. */
	static String webSocketExtension(ComparisonRun.Measured m) {
		if (!m.scenario().transport().equals("websocket")) {
			return "n/a (HTTP)";
		}
		if (m.wire() == null || m.wire().extension() == null) {
			return "n/a (not measured)";
		}
		return m.wire().extension();
	}

	// ---- results.csv ------------------------------------------------------------------

	private String csv() {
		StringBuilder out = new StringBuilder(
				"transport,rate,markers,mode,compression,duration_s,interval_ms,received,lost,duplicates,"
						+ "paint_mean_ms,paint_p50_ms,paint_p95_ms,paint_p99_ms,paint_max_ms,"
						+ "delivery_mean_ms,delivery_p50_ms,delivery_p95_ms,delivery_p99_ms,delivery_max_ms,"
						+ "frames_measured,fps_mean,frame_p50_ms,frame_p99_ms,dropped_frames_pct,payload_bytes,server_requests,"
						+ "events,payload_bytes_per_event,wire_bytes_down,wire_bytes_up,header_bytes_down,header_bytes_up,"
						+ "wire_requests,connections,websocket_extension,content_encoding,empty_answers,"
						+ "wire_bytes_down_per_event,wire_bytes_up_per_event,server_cpu_ms,server_cpu_us_per_event,"
						+ "requests_per_s,load_average,clock_offset_ms,clock_rtt_ms,protocol,network,reconnects\n");
		for (ComparisonRun.Measured m : this.comparison.measured()) {
			Scenario s = m.scenario();
			BenchResult r = m.result();
			WireCost w = m.wire();
			boolean frames = Figures.framesMeasured(r);
			List<Object> cells = new ArrayList<>(List.of(s.transport(), s.rate(), s.markers(), s.mode(), s.compression(),
					r.durationS(), blank(r.intervalMs()), r.received(), r.lost(), r.duplicates()));
			cells.addAll(percentiles(r.latencyMs()));
			cells.addAll(percentiles(r.deliveryMs()));
			cells.add(frames);
			cells.add(frames ? r.fps().mean() : "");
			cells.add(frames ? r.frameMs().p50() : "");
			cells.add(frames ? blank(r.frameMs().p99()) : "");
			cells.add(frames ? r.droppedFramesPct() : "");
			cells.addAll(List.of(r.bytes(), r.requests(), Figures.events(r), Figures.num(Figures.payloadPerEvent(r), 1)));
			cells.addAll(w == null ? List.of("", "", "", "", "", "", webSocketExtension(m), "", "")
					: List.of(w.bytesDown(), w.bytesUp(), w.headerBytesDown(), w.headerBytesUp(), w.requests(),
							w.connections(), webSocketExtension(m).replace(',', ' '),
							w.contentEncoding() == null ? "none" : w.contentEncoding(), blank(w.emptyAnswers())));
			cells.add(csvNum(Figures.wireDownPerEvent(m), 1));
			cells.add(csvNum(Figures.wireUpPerEvent(m), 1));
			cells.add(w == null || w.serverCpuNs() == null ? "" : Figures.num(w.serverCpuNs() / 1e6, 1));
			cells.add(csvNum(Figures.cpuUsPerEvent(m), 1));
			cells.add(Figures.num(Figures.requestsPerSecond(m), 2));
			cells.add(m.loadAverage() == null ? "" : "\"" + m.loadAverage() + "\"");
			cells.add(blank(r.clockOffsetMs()));
			cells.add(blank(r.clockRttMs()));
			cells.addAll(List.of(s.protocol(), s.network(), m.reconnects()));
			out.append(String.join(",", cells.stream().map(String::valueOf).toList())).append('\n');
		}
		return out.toString();
	}

	private static List<Object> percentiles(BenchResult.Percentiles p) {
		if (p == null) {
			return List.of("", "", "", "", "");
		}
		return List.of(blank(p.mean()), p.p50(), p.p95(), p.p99(), p.max());
	}

	private static String csvNum(Double value, int decimals) {
		return value == null ? "" : Figures.num(value.doubleValue(), decimals);
	}

	private static Object blank(Object value) {
		return value == null ? "" : value;
	}

	// ---- report.md --------------------------------------------------------------------

	private String markdown() {
		Comparison c = this.comparison;
		ComparisonOptions o = c.options();
		Map<String, String> m = c.machine();
		StringBuilder md = new StringBuilder();
		md.append("# Transport comparison\n\n");
		md.append(NoiseSection.headline(c));
		md.append(Decision.markdown(c));

		md.append("## Run\n\n");
		md.append("- **Date:** ").append(DATE.format(c.started())).append(" (took ")
			.append(minutes(Duration.between(c.started(), c.finished())))
			.append(")\n");
		md.append("- **Machine:** ").append(m.get("cpu")).append(", ").append(m.get("cores")).append(" cores, ")
			.append(m.get("memory")).append(", ").append(m.get("os")).append(", host `").append(m.get("host"))
			.append("`\n");
		md.append("- **Load average (1, 5, 15 min):** ").append(m.get("loadBefore")).append(" before, ")
			.append(m.get("loadAfter")).append(" after (each scenario's own in the wire table)\n");
		md.append("- **Versions:** ");
		md.append(String.join(", ", c.versions().entrySet().stream()
			.filter(e -> !e.getKey().equals("userAgent"))
			.map(e -> e.getKey() + " " + e.getValue())
			.toList())).append('\n');
		md.append("- **Matrix:** transports ").append(o.transports()).append(" x rates ").append(o.rates())
			.append(" events/s x markers ").append(o.markers()).append(" x render modes ").append(o.modes())
			.append(" x compression ").append(o.compression())
			.append(o.protocols().equals(List.of("h1")) && o.networks().equals(List.of("loopback")) ? ""
					: " x protocols " + o.protocols() + " x networks " + o.networks())
			.append("; ").append(o.durationText())
			.append(", one at a time, each on a fresh benchmark feed")
			.append(o.warmupS() > 0 ? "; " + o.warmupS() + " s unmeasured warm-up per transport first" : "")
			.append("; short-polling interval ").append(o.pollIntervalMs()).append(" ms\n");
		md.append("- **App:** ").append(o.baseUrl() == null ? "the packaged jar in its own JVM (" + o.serverJvmArgs()
				+ "), started once per compression setting" : "running at " + o.baseUrl()).append(", reached through a "
						+ "counting relay on loopback\n");
		if (!c.idleCpu().isEmpty()) {
			md.append("- **App idle CPU** (nothing connected, 3 s): ");
			md.append(String.join(", ", c.idleCpu().entrySet().stream()
				.map(e -> Figures.num(e.getValue(), 2) + " ms/s with compression " + e.getKey())
				.toList())).append("; it is part of every scenario's CPU per event, and dominates it at 1 event/s\n");
		}
		md.append("- **Browser:** headless Chromium on loopback (").append(o.webdriverUrl() == null
				? "local ChromeDriver" : "remote WebDriver").append("), background throttling disabled\n");
		md.append("- **rAF check:** ").append(c.frameCheck() == null ? "not run" : c.frameCheck().summary())
			.append("; repeated before every scenario (Checks)\n");
		md.append("- **Noise guard:** ").append(NoiseSection.status(c.measured())).append(", other CPU up to ")
			.append(NoiseSection.worstOther(c.measured())).append(" of a core (limit ")
			.append(Figures.num(o.noiseThresholdCores() * 100, 0)).append(" %, --noise-threshold)\n\n");

		md.append("""
				## Method

				The server stamps each event with its creation time `ts` (epoch microseconds). The page estimates its
				clock offset against `/api/time` NTP-style (several samples, the one with the lowest round trip wins)
				and reads time as `performance.timeOrigin + performance.now()`.
				**Delivery latency** is message-handler entry minus `ts`; **paint latency** is the first frame that shows
				the event, taken after paint (requestAnimationFrame, then a MessageChannel post), minus `ts`.
				FPS comes from the deltas of a requestAnimationFrame loop that runs the whole time: mean FPS, frame time
				p50/p99, and the share of frames longer than 1.5x the median ("dropped"). A scenario in which no frames
				were measured is an **error**, never 0 % dropped. In `coalesced` mode the page renders at most once per
				animation frame; in `every` mode it renders once per event.

				**Wire** figures are counted by a relay between Chromium and the app (the toolkit's TcpProxy with
				`WireMeter`): every byte as it crossed the socket, each way, booked to the HTTP message it belongs to,
				so a scenario's figures are its transport's requests and answers only (request lines, headers, chunk
				framing, WebSocket handshake, frame headers and masks, compressed bodies), not the page, its scripts
				or the clock sync. **Payload** is what the app counted as body bytes before any compression
				(`/api/stats`). Per event means over the events the app sent to the scenario's connections. **Server
				CPU** is the app's own process CPU time (user + system, from `/proc/PID/stat`, the app runs in its
				own JVM) from the first to the last byte of the scenario's transport, including the feed's own
				generation of events and the app's idle work. The relay's count was checked against a packet capture
				(docs/benchmark.md, "Checking the wire figures"). See docs/benchmark.md for definitions and pitfalls.

				""");

		md.append("## Targets\n\n");
		List<Targets.Check> checks = c.targets();
		if (checks.isEmpty()) {
			md.append("No scenario of this matrix is covered by a target.\n\n");
		}
		else {
			md.append("| | Target | Scenario | Measured | Miss |\n|---|---|---|---|---|\n");
			for (Targets.Check check : checks) {
				md.append("| ").append(check.error() ? "**error**" : check.met() ? "met" : "**missed**").append(" | ")
					.append(check.target())
					.append(" | ").append(check.scenario()).append(" | ").append(check.measured()).append(" | ")
					.append(check.miss()).append(" |\n");
			}
			long errors = checks.stream().filter(Targets.Check::error).count();
			long missed = checks.stream().filter(check -> !check.met() && !check.error()).count();
			md.append('\n');
			if (errors > 0) {
				md.append("**").append(errors).append(" of ").append(checks.size())
					.append(" checks could not be made: the figure was not measured.** ");
			}
			md.append(missed == 0 && errors == 0 ? "Every checked target was met.\n\n"
					: missed + " of " + checks.size() + " checks missed. " + conditions() + "\n\n");
			if (missed > 0) {
				md.append("Why, from the same scenarios' figures:\n\n");
				// one line per scenario and explanation, naming every target it explains
				Map<String, List<String>> reasons = new LinkedHashMap<>();
				checks.stream()
					.filter(check -> !check.met() && !check.why().isEmpty())
					.forEach(check -> reasons
						.computeIfAbsent(check.scenario() + "\u0000" + check.why(), key -> new ArrayList<>())
						.add(check.target()));
				reasons.forEach((key, targets) -> {
					String[] parts = key.split("\u0000", 2);
					md.append("- ").append(parts[0]).append(" (").append(String.join("; ", targets)).append("): ")
						.append(parts[1]).append(".\n");
				});
				md.append('\n');
			}
		}
		md.append("The targets (headless Chromium on loopback) and the scenario each needs:\n\n");
		for (String[] target : Targets.TARGETS) {
			boolean covered = checks.stream().anyMatch(check -> matches(target[0], check.target()));
			md.append("- ").append(target[0]).append(" (").append(target[1]).append(")")
				.append(covered ? "" : ": **not in this matrix**").append('\n');
		}
		md.append('\n');
		if (!c.failures().isEmpty()) {
			md.append("## Failed scenarios\n\n");
			c.failures().forEach(f -> md.append("- ").append(f).append('\n'));
			md.append('\n');
		}

		NoiseSection.append(md, c);
		md.append("## Wire\n\n");
		md.append("Per scenario, as the relay saw it. Down: app to browser; up: browser to app. Header bytes are "
				+ "request and status lines with their header blocks (the WebSocket handshake included). "
				+ "Payload: the app's own count of body bytes, before compression. Events sent: what the app sent to the "
				+ "scenario's connections (/api/stats), the count every per-event figure divides by; received: what "
				+ "the page handled.\n\n");
		md.append("| Transport | Rate/s | Markers | Mode | Compression | Events sent / received | Down B | Up B | Headers down B | Headers up B "
				+ "| Requests | Empty answers | Connections | Down B/event | Up B/event | Payload B/event | WebSocket extension "
				+ "| Content-Encoding | Server CPU ms | CPU µs/event | Load average |\n");
		md.append("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|\n");
		for (ComparisonRun.Measured x : c.measured()) {
			WireCost w = x.wire();
			md.append(row(x.scenario())).append(Figures.events(x.result())).append(" / ")
				.append(x.result().received()).append(" | ");
			if (w == null) {
				md.append("n/a | n/a | n/a | n/a | n/a | n/a | n/a | ");
			}
			else {
				md.append(w.bytesDown()).append(" | ").append(w.bytesUp()).append(" | ").append(w.headerBytesDown())
					.append(" | ").append(w.headerBytesUp()).append(" | ").append(w.requests()).append(" | ")
					.append(w.emptyAnswers() == null ? "n/a" : w.emptyAnswers().toString()).append(" | ")
					.append(w.connections()).append(" | ");
			}
			md.append(Figures.num(Figures.wireDownPerEvent(x), 0)).append(" | ")
				.append(Figures.num(Figures.wireUpPerEvent(x), 0)).append(" | ")
				.append(Figures.num(Figures.payloadPerEvent(x.result()), 0)).append(" | ")
				.append(webSocketExtension(x)).append(" | ")
				.append(w == null ? "n/a" : w.contentEncoding() == null ? "none" : w.contentEncoding()).append(" | ")
				.append(w == null || w.serverCpuNs() == null ? "n/a" : Figures.num(w.serverCpuNs() / 1e6, 1))
				.append(" | ")
				.append(Figures.num(Figures.cpuUsPerEvent(x), 0)).append(" | ")
				.append(x.loadAverage() == null ? "n/a" : x.loadAverage()).append(" |\n");
		}
		md.append("\n![Wire bytes per event](").append(Charts.BYTES).append(")\n\n");
		md.append("![Requests per second](").append(Charts.REQUESTS).append(")\n\n");

		NetworkSection.append(md, c);
		md.append("## Latency (ms)\n\n");
		md.append("Percentiles over the events the page received (sent: in the Wire table).\n\n");
		md.append("| Transport | Rate/s | Markers | Mode | Compression | Received | Paint p50 | p95 | p99 | max | Delivery p50 | p95 | p99 | max |\n");
		md.append("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (ComparisonRun.Measured x : c.measured()) {
			BenchResult r = x.result();
			md.append(row(x.scenario())).append(r.received()).append(" | ").append(cells(r.latencyMs()))
				.append(cells(r.deliveryMs())).append('\n');
		}
		md.append("\n![Paint latency percentiles](").append(Charts.LATENCY).append(")\n\n");

		md.append("## Frames and delivery\n\n");
		md.append("| Transport | Rate/s | Markers | Mode | Compression | FPS | Frame p50 | Frame p99 | Dropped % | Received | Lost | Dup |\n");
		md.append("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (ComparisonRun.Measured x : c.measured()) {
			BenchResult r = x.result();
			md.append(row(x.scenario()));
			if (Figures.framesMeasured(r)) {
				md.append(Figures.num(r.fps().mean(), 1)).append(" | ")
					.append(Figures.ms(r.frameMs().p50())).append(" | ")
					.append(Figures.ms(r.frameMs().p99())).append(" | ")
					.append(Figures.num(r.droppedFramesPct(), 1)).append(" | ");
			}
			else {
				md.append("**error: no frames measured** | n/a | n/a | n/a | ");
			}
			md.append(r.received()).append(" | ").append(r.lost()).append(" | ").append(r.duplicates()).append(" |\n");
		}
		md.append("\n![Mean FPS](").append(Charts.FPS).append(")\n\n");

		md.append("## Developer experience\n\n");
		md.append("Lines of code are counted from the sources by this run: non-blank, non-comment lines of the\n"
				+ "transport's server package and of its client adapter. Short and long polling share one server\n"
				+ "endpoint. Shared code (the feed, the dashboard, the metrics) is not counted: it is the same for all.\n\n");
		md.append("| Transport | Server lines (files) | Client lines | Automatic reconnect | Resume | Binary | Both directions | HTTP/2 multiplexing | Proxy friendly |\n");
		md.append("|---|---:|---:|---|---|---|---|---|---|\n");
		for (DxTable.Row row : c.dx()) {
			DxTable.Facts f = row.facts();
			md.append("| ").append(row.transport()).append(" | ").append(row.serverLines()).append(" (")
				.append(row.serverFiles()).append(") | ")
				.append(row.clientLines() < 0 ? "missing" : Integer.toString(row.clientLines())).append(" | ")
				.append(f.reconnect()).append(" | ").append(f.resume()).append(" | ").append(f.binary()).append(" | ")
				.append(f.bothDirections()).append(" | ").append(f.http2Multiplexing()).append(" | ")
				.append(f.proxyFriendly()).append(" |\n");
		}
		md.append("\nLong polling's client is short polling's loop with `wait=` (it imports `startPolling` from polling.js).\n"
				+ "Shared by every transport and counted once: ");
		md.append(String.join(", ", c.sharedCode().stream().map(s -> "`" + s.path() + "` " + s.lines()).toList()))
			.append(" lines.\n");
		md.append("\nThe counted paths are in results.json (`dx`, `sharedCode`). The columns after the line counts are\n"
				+ "documented facts of the platform (HTML Living Standard for EventSource, RFC 6455/8441, RFC 9110/9113),\n"
				+ "not measurements.\n");
		return md.toString();
	}

	private static boolean matches(String target, String check) {
		return (target.startsWith("SSE and WebSocket paint") && check.startsWith("paint latency"))
				|| (target.startsWith("short-polling") && check.startsWith("short-polling"))
				|| (target.startsWith("mean FPS") && (check.startsWith("mean FPS") || check.startsWith("dropped")))
				|| (target.startsWith("zero lost") && check.startsWith("zero lost"));
	}

	private String conditions() {
		Map<String, String> m = this.comparison.machine();
		return "Conditions: " + m.get("cores") + " cores, load average " + m.get("loadBefore") + " before and "
				+ m.get("loadAfter") + " after the run; latency and FPS are sensitive to CPU contention "
				+ "(docs/benchmark.md, \"Pitfalls\").";
	}

	private static String row(Scenario s) {
		return "| " + s.transport() + s.axes() + " | " + s.rate() + " | " + s.markers() + " | " + s.mode() + " | "
				+ s.compression() + " | ";
	}

	private static String cells(BenchResult.Percentiles p) {
		if (p == null) {
			return "n/a | n/a | n/a | n/a | ";
		}
		return Figures.ms(p.p50()) + " | " + Figures.ms(p.p95()) + " | " + Figures.ms(p.p99()) + " | "
				+ Figures.ms(p.max()) + " | ";
	}

	private static String minutes(Duration d) {
		return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
	}

}
