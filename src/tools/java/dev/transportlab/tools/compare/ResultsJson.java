package dev.transportlab.tools.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.transportlab.bench.BenchResult;

/** results.json of one comparison run: the run's conditions and options, then every scenario's figures. */
final class ResultsJson {

	private ResultsJson() {
	}

	/** The whole file, in the order it is written. */
	static Map<String, Object> tree(Comparison c) {
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
			scenarios.add(scenario(m));
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
	static Map<String, Object> scenario(ComparisonRun.Measured m) {
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

}
