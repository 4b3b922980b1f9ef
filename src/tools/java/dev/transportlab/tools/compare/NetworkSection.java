package dev.transportlab.tools.compare;

import java.util.Comparator;
import java.util.List;

import dev.transportlab.bench.BenchResult;

/**
 * The report's "Protocols and networks" section, when the run used the protocol or network
 * axes: the profiles it applied and how, then paint latency, bytes per event and reconnects
 * per transport, protocol and profile.
 */
final class NetworkSection {

	private NetworkSection() {
	}

	static void append(StringBuilder md, Comparison c) {
		ComparisonOptions o = c.options();
		if (o.protocols().equals(List.of("h1")) && o.networks().equals(List.of("loopback"))) {
			return;
		}
		md.append("## Protocols and networks\n\n");
		md.append("Protocols: ").append(o.protocols()).append(". `h1` is HTTP/1.1 straight to the app; `h2` is HTTP/2 ")
			.append("through the TLS front (Debian's nginx with docker/nginx/tls.conf.template, the compose profile ")
			.append("`tls`), one more hop than `h1`. WebSocket uses HTTP/1.1 in both (nginx has no WebSocket over ")
			.append("HTTP/2).\n\n");
		md.append("| Profile | Latency (ms, per request) | Down | Up | Loss (each way) | Like | Applied by |\n");
		md.append("|---|---:|---:|---:|---:|---|---|\n");
		for (String name : o.networks()) {
			Network.Profile p = Network.profile(name);
			md.append("| ").append(p.name()).append(" | ").append(p.latencyMs()).append(" | ")
				.append(Network.Profile.kbps(p.downKbps())).append(" | ").append(Network.Profile.kbps(p.upKbps()))
				.append(" | ").append(Figures.num(p.lossPercent(), 1)).append(" % | ").append(p.like()).append(" | ")
				.append(p.throttled() ? "DevTools (latency, throughput)" : "nothing")
				.append(p.lossy() ? "; kernel: nftables drops TCP segments on a veth link of the run's own" : "")
				.append(" |\n");
		}
		md.append("\nDevTools' latency is added once per request, before the response headers (Chromium's throttle); ")
			.append("events on an already open SSE stream or WebSocket pay only the throughput limit, and polling pays ")
			.append("the latency on every request. Packet loss is real TCP loss (retransmission, head-of-line blocking). ")
			.append("The loopback targets above are checked on loopback scenarios only. Reconnects: how often the ")
			.append("page's dashboard went to `reconnecting` during the scenario. Wire bytes per event (both ways) are ")
			.append("counted by the relay in front of the app: for `h1` the browser's own connection, for `h2` the ")
			.append("HTTP/1.1 leg from the TLS front to the app (the browser's HTTP/2 frames and TLS records are not ")
			.append("counted).\n\n");
		md.append("| Transport | Protocol | Network | Rate/s | Mode | Paint p50 | Paint p99 | Delivery p50 | Wire bytes/event")
			.append(" | Reconnects | Received | Lost | Dup |\n");
		md.append("|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		c.measured()
			.stream()
			.sorted(Comparator
				.comparingInt((ComparisonRun.Measured m) -> ComparisonOptions.ALL_TRANSPORTS.indexOf(m.scenario().transport()))
				.thenComparingInt(m -> m.scenario().rate())
				.thenComparing(m -> m.scenario().mode())
				.thenComparingInt(m -> Network.NAMES.indexOf(m.scenario().network()))
				.thenComparingInt(m -> Network.PROTOCOLS.indexOf(m.scenario().protocol())))
			.forEach(m -> {
				Scenario s = m.scenario();
				BenchResult r = m.result();
				md.append("| ").append(s.transport()).append(" | ").append(s.protocol()).append(" | ")
					.append(s.network()).append(" | ").append(s.rate()).append(" | ").append(s.mode()).append(" | ")
					.append(r.latencyMs() == null ? "n/a" : Figures.ms(r.latencyMs().p50())).append(" | ")
					.append(r.latencyMs() == null ? "n/a" : Figures.ms(r.latencyMs().p99())).append(" | ")
					.append(r.deliveryMs() == null ? "n/a" : Figures.ms(r.deliveryMs().p50())).append(" | ")
					.append(wireBytes(m)).append(" | ").append(m.reconnects()).append(" | ")
					.append(r.received()).append(" | ").append(r.lost()).append(" | ").append(r.duplicates())
					.append(" |\n");
			});
		md.append('\n');
	}

	private static String wireBytes(ComparisonRun.Measured m) {
		Double down = Figures.wireDownPerEvent(m);
		Double up = Figures.wireUpPerEvent(m);
		return down == null || up == null ? "n/a" : Figures.num(down + up, 0);
	}

}
