package dev.transportlab.tools.compare;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's "Run" (date, machine, versions, matrix, app, checks) and "Method" sections. */
final class RunSection {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private RunSection() {
	}

	static void append(StringBuilder md, Comparison c) {
		ComparisonOptions o = c.options();
		Map<String, String> m = c.machine();
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
	}

	private static String minutes(Duration d) {
		return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
	}

}
