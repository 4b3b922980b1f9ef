package dev.transportlab.tools.compare;

import java.util.List;
import java.util.Locale;

import org.HdrHistogram.DoubleHistogram;

import dev.transportlab.bench.BenchResult;

/**
 * The per-event figures of a scenario, number formatting, and the run's one percentile
 * (HdrHistogram, as everywhere in the project).
 */
final class Figures {

	private Figures() {
	}

	/** The median of a list of positive values (frame times), to 3 significant digits. */
	static double median(List<Double> values) {
		DoubleHistogram histogram = new DoubleHistogram(3);
		values.forEach(histogram::recordValue);
		return histogram.getValueAtPercentile(50);
	}

	static String ms(Double value) {
		return value == null ? "n/a" : String.format(Locale.ROOT, value < 100 ? "%.1f" : "%.0f", value);
	}

	static String num(double value, int decimals) {
		return String.format(Locale.ROOT, "%." + decimals + "f", value);
	}

	/** A per-event figure for a table: n/a when it was not measured. */
	static String num(Double value, int decimals) {
		return value == null ? "n/a" : num(value.doubleValue(), decimals);
	}

	/**
	 * Events the app sent to this scenario's transport while its connections were open (the
	 * page's before/after of /api/stats): the span the bytes and CPU were counted over.
	 */
	static long events(BenchResult r) {
		return r.wireEvents() != null ? r.wireEvents() : r.received();
	}

	/** Body bytes the app wrote per event, before any compression: the payload. */
	static double payloadPerEvent(BenchResult r) {
		long events = events(r);
		return events == 0 ? 0 : (double) r.bytes() / events;
	}

	static Double wireDownPerEvent(ComparisonRun.Measured m) {
		return perEvent(m, m.wire() == null ? null : (double) m.wire().bytesDown());
	}

	static Double wireUpPerEvent(ComparisonRun.Measured m) {
		return perEvent(m, m.wire() == null ? null : (double) m.wire().bytesUp());
	}

	/** Header bytes (both ways) per event: request and status lines and header blocks. */
	static Double headersPerEvent(ComparisonRun.Measured m) {
		return perEvent(m,
				m.wire() == null ? null : (double) (m.wire().headerBytesDown() + m.wire().headerBytesUp()));
	}

	static Double cpuUsPerEvent(ComparisonRun.Measured m) {
		return perEvent(m, m.wire() == null || m.wire().serverCpuNs() == null ? null : m.wire().serverCpuNs() / 1e3);
	}

	private static Double perEvent(ComparisonRun.Measured m, Double total) {
		long events = events(m.result());
		return total == null || events == 0 ? null : total / events;
	}

	/** HTTP requests (WebSocket: the handshake) per second over the span the relay saw them. */
	static double requestsPerSecond(ComparisonRun.Measured m) {
		if (m.wire() != null && m.wire().spanS() > 0) {
			return m.wire().requests() / m.wire().spanS();
		}
		BenchResult r = m.result();
		return r.durationS() == 0 ? 0 : r.requests() / r.durationS();
	}

	/** Whether the page measured any frames (a page that saw none must not report 0 % dropped). */
	static boolean framesMeasured(BenchResult r) {
		return r.fps() != null && r.fps().mean() != null && r.fps().mean() > 0 && r.frameMs() != null
				&& r.frameMs().p50() != null && r.droppedFramesPct() != null;
	}

	static String oneLine(ComparisonRun.Measured m) {
		BenchResult r = m.result();
		String frames = framesMeasured(r)
				? String.format(Locale.ROOT, "%.1f fps, %.1f %% dropped", r.fps().mean(), r.droppedFramesPct())
				: "NO FRAMES MEASURED";
		return String.format(Locale.ROOT,
				"paint p50 %s p99 %s ms | delivery p50 %s ms | %s | received %d lost %d dup %d | wire %s down %s up B/event (payload %.0f) | %.1f req/s | CPU %s us/event",
				p(r.latencyMs(), true), p(r.latencyMs(), false), p(r.deliveryMs(), true), frames, r.received(), r.lost(),
				r.duplicates(), num(wireDownPerEvent(m), 0), num(wireUpPerEvent(m), 0), payloadPerEvent(r),
				requestsPerSecond(m), num(cpuUsPerEvent(m), 0));
	}

	private static String p(BenchResult.Percentiles percentiles, boolean p50) {
		if (percentiles == null) {
			return "n/a";
		}
		return ms(p50 ? percentiles.p50() : percentiles.p99());
	}

}
