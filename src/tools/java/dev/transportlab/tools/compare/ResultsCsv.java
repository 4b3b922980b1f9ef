package dev.transportlab.tools.compare;

import java.util.ArrayList;
import java.util.List;

import dev.transportlab.bench.BenchResult;

/** results.csv of one comparison run: one row per scenario, empty cells where nothing was measured. */
final class ResultsCsv {

	private ResultsCsv() {
	}

	static String text(Comparison c) {
		StringBuilder out = new StringBuilder(
				"transport,rate,markers,mode,compression,duration_s,interval_ms,received,lost,duplicates,"
						+ "paint_mean_ms,paint_p50_ms,paint_p95_ms,paint_p99_ms,paint_max_ms,"
						+ "delivery_mean_ms,delivery_p50_ms,delivery_p95_ms,delivery_p99_ms,delivery_max_ms,"
						+ "frames_measured,fps_mean,frame_p50_ms,frame_p99_ms,dropped_frames_pct,payload_bytes,server_requests,"
						+ "events,payload_bytes_per_event,wire_bytes_down,wire_bytes_up,header_bytes_down,header_bytes_up,"
						+ "wire_requests,connections,websocket_extension,content_encoding,empty_answers,"
						+ "wire_bytes_down_per_event,wire_bytes_up_per_event,server_cpu_ms,server_cpu_us_per_event,"
						+ "requests_per_s,load_average,clock_offset_ms,clock_rtt_ms,protocol,network,reconnects\n");
		for (ComparisonRun.Measured m : c.measured()) {
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
			cells.addAll(w == null ? List.of("", "", "", "", "", "", ResultsJson.webSocketExtension(m), "", "")
					: List.of(w.bytesDown(), w.bytesUp(), w.headerBytesDown(), w.headerBytesUp(), w.requests(),
							w.connections(), ResultsJson.webSocketExtension(m).replace(',', ' '),
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

}
