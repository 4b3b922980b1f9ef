package dev.transportlab.tools.compare;

/** The report's "Wire" section: per scenario the bytes, requests and CPU the relay and the app counted. */
final class WireSection {

	private WireSection() {
	}

	static void append(StringBuilder md, Comparison c) {
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
			md.append(x.scenario().tableRow()).append(Figures.events(x.result())).append(" / ")
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
				.append(ResultsJson.webSocketExtension(x)).append(" | ")
				.append(w == null ? "n/a" : w.contentEncoding() == null ? "none" : w.contentEncoding()).append(" | ")
				.append(w == null || w.serverCpuNs() == null ? "n/a" : Figures.num(w.serverCpuNs() / 1e6, 1))
				.append(" | ")
				.append(Figures.num(Figures.cpuUsPerEvent(x), 0)).append(" | ")
				.append(x.loadAverage() == null ? "n/a" : x.loadAverage()).append(" |\n");
		}
		md.append("\n![Wire bytes per event](").append(Charts.BYTES).append(")\n\n");
		md.append("![Requests per second](").append(Charts.REQUESTS).append(")\n\n");

	}

}
