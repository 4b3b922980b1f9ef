package dev.transportlab.tools.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.transportlab.bench.BenchResult;

/**
 * The report's opening: the table a person choosing a transport needs (per transport and
 * rate: bytes per event each way, requests per second, server CPU per event, paint latency)
 * and one sentence per transport on what dominates its cost, worked out from the same
 * figures: header bytes against body bytes, requests per event and empty answers, framing
 * beyond the payload, and what compression made of the payload.
 */
final class Decision {

	private Decision() {
	}

	static String markdown(Comparison c) {
		ComparisonOptions o = c.options();
		String mode = o.modes().contains("coalesced") ? "coalesced" : o.modes().get(0);
		int markers = o.markers().get(0);
		StringBuilder md = new StringBuilder("## Choosing a transport\n\n");
		md.append("Per transport and rate, from this run (").append(markers).append(" markers per event, render mode ")
			.append(mode).append("). Bytes are counted on the wire between Chromium and the app, each way, headers and ")
			.append("framing included; payload is the app's JSON before compression. Per event means over the events ")
			.append("the app sent; server CPU is the app's process CPU over the scenario's span, its idle work ")
			.append("included. Events: how many the scenario delivered (the percentiles rest on them).\n\n");
		for (String compression : o.compression()) {
			md.append("### Compression ").append(compression).append("\n\n").append(compressionText(compression));
			md.append("| Transport | Rate/s | Events | Down B/event | Up B/event | Payload B/event | Requests/s | "
					+ "Server CPU µs/event | Paint p50 ms | Paint p99 ms |\n");
			md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			List<String> sentences = new ArrayList<>();
			for (String transport : ComparisonOptions.ALL_TRANSPORTS) {
				if (!o.transports().contains(transport)) {
					continue;
				}
				List<ComparisonRun.Measured> rows = new ArrayList<>();
				for (int rate : o.rates().stream().sorted().toList()) {
					Optional<ComparisonRun.Measured> found = find(c, transport, rate, markers, mode, compression);
					md.append("| ").append(transport).append(" | ").append(rate).append(" | ");
					if (found.isEmpty()) {
						md.append("**failed** (see Failed scenarios) | | | | | | | |\n");
						continue;
					}
					ComparisonRun.Measured m = found.get();
					rows.add(m);
					BenchResult r = m.result();
					md.append(Figures.events(r)).append(" | ")
						.append(Figures.num(Figures.wireDownPerEvent(m), 0)).append(" | ")
						.append(Figures.num(Figures.wireUpPerEvent(m), 0)).append(" | ")
						.append(Figures.num(Figures.payloadPerEvent(r), 0)).append(" | ")
						.append(Figures.num(Figures.requestsPerSecond(m), 1)).append(" | ")
						.append(Figures.num(Figures.cpuUsPerEvent(m), 0)).append(" | ")
						.append(r.latencyMs() == null ? "n/a" : Figures.ms(r.latencyMs().p50())).append(" | ")
						.append(r.latencyMs() == null ? "n/a" : Figures.ms(r.latencyMs().p99())).append(" |\n");
				}
				if (!rows.isEmpty()) {
					sentences.add(sentence(transport, rows));
				}
			}
			md.append("\nWhat dominates each transport's cost (compression ").append(compression).append("):\n\n");
			sentences.forEach(sentence -> md.append("- ").append(sentence).append('\n'));
			md.append('\n');
		}
		return md.toString();
	}

	private static String compressionText(String compression) {
		return switch (compression) {
			case "on" -> "gzip on polling answers and SSE streams (`lab.http.compression`), WebSocket permessage-deflate "
					+ "as Chromium offers it (`lab.websocket.compression`); the extension column of the wire table "
					+ "shows what the 101 answer agreed.\n\n";
			case "off" -> "No gzip (`lab.http.compression=off`), and the app asked to decline WebSocket "
					+ "permessage-deflate (`lab.websocket.compression=off`); whether it did is in the extension column of "
					+ "the wire table, from the 101 answer.\n\n";
			default -> "The running app's own settings; the wire table shows the Content-Encoding and WebSocket "
					+ "extension it used.\n\n";
		};
	}

	private static Optional<ComparisonRun.Measured> find(Comparison c, String transport, int rate, int markers,
			String mode, String compression) {
		return c.measured()
			.stream()
			.filter(m -> m.scenario().transport().equals(transport) && m.scenario().rate() == rate
					&& m.scenario().markers() == markers && m.scenario().mode().equals(mode)
					&& m.scenario().compression().equals(compression))
			.findFirst();
	}

	/** One sentence: what dominates at the lowest and at the highest rate measured. */
	static String sentence(String transport, List<ComparisonRun.Measured> rows) {
		List<ComparisonRun.Measured> sorted = rows.stream()
			.sorted(Comparator.comparingInt(m -> m.scenario().rate()))
			.toList();
		ComparisonRun.Measured low = sorted.get(0);
		ComparisonRun.Measured high = sorted.get(sorted.size() - 1);
		String text = "**" + transport + "**: " + clause(low);
		if (high != low) {
			text += "; " + clause(high);
		}
		return text + ".";
	}

	/** What dominates one scenario's bytes per event, with the facts behind it. */
	static String clause(ComparisonRun.Measured m) {
		WireCost w = m.wire();
		BenchResult r = m.result();
		long events = Figures.events(r);
		String at = "at " + m.scenario().rate() + "/s";
		if (w == null || events == 0) {
			return at + " the wire was not measured";
		}
		double total = (double) (w.bytesDown() + w.bytesUp()) / events;
		double headers = (double) (w.headerBytesDown() + w.headerBytesUp()) / events;
		double bodyDown = (double) (w.bytesDown() - w.headerBytesDown()) / events;
		double bodyUp = (double) (w.bytesUp() - w.headerBytesUp()) / events;
		double payload = Figures.payloadPerEvent(r);
		String compressor = compressor(w);
		double requestsPerEvent = (double) w.requests() / events;
		if (headers >= bodyDown && headers >= bodyUp) {
			String text = String.format(Locale.ROOT, "%s headers are %s of the %s B per event on the wire (%s requests per event",
					at, pct(headers / total), whole(total), Figures.num(requestsPerEvent, 1));
			if (w.emptyAnswers() != null && w.requests() > 0 && w.emptyAnswers() > 0) {
				text += String.format(Locale.ROOT, ", %s of the answers empty",
						pct((double) w.emptyAnswers() / w.requests()));
			}
			return text + String.format(Locale.ROOT, "; the payload is %s B)", whole(payload));
		}
		if (bodyUp > bodyDown) {
			return String.format(Locale.ROOT, "%s the browser's own frames up are %s of the %s B per event", at,
					pct(bodyUp / total), whole(total));
		}
		if (compressor != null && bodyDown < payload) {
			return String.format(Locale.ROOT,
					"%s the body is %s of the %s B per event, and %s shrank the app's %s B of JSON to %s B with its framing (%s); headers %s B per event",
					at, pct(bodyDown / total), whole(total), compressor, whole(payload), whole(bodyDown),
					"-" + pct(1 - bodyDown / payload), whole(headers));
		}
		double framing = bodyDown - payload;
		return String.format(Locale.ROOT,
				"%s the payload is %s of the %s B per event; framing adds %s B per event (%s), headers %s B%s", at,
				pct(payload / total), whole(total), whole(Math.max(0, framing)), framingName(m), whole(headers),
				compressor == null ? "" : ", and " + compressor + " did not make it smaller");
	}

	private static String compressor(WireCost w) {
		if (w.extension() != null && w.extension().contains("deflate")) {
			return "permessage-deflate";
		}
		if (w.contentEncoding() != null && !w.contentEncoding().equals("identity")) {
			return w.contentEncoding();
		}
		return null;
	}

	private static String framingName(ComparisonRun.Measured m) {
		return switch (m.scenario().transport()) {
			case "websocket" -> "frame headers";
			case "sse", "fetch" -> "chunked transfer framing";
			default -> "HTTP framing beyond the JSON answer, whose envelope is part of the payload";
		};
	}

	private static String pct(double share) {
		return String.format(Locale.ROOT, "%.0f %%", share * 100);
	}

	private static String whole(double bytes) {
		return String.format(Locale.ROOT, "%,.0f", bytes);
	}

}
