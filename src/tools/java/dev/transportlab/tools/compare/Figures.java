package dev.transportlab.tools.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import dev.transportlab.bench.BenchResult;

/** Number formatting and small statistics shared by the console, the report and the charts. */
final class Figures {

	private Figures() {
	}

	/** Nearest-rank percentile. */
	static double percentile(List<Double> values, double p) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
	}

	static String ms(Double value) {
		return value == null ? "n/a" : String.format(Locale.ROOT, value < 100 ? "%.1f" : "%.0f", value);
	}

	static String num(double value, int decimals) {
		return String.format(Locale.ROOT, "%." + decimals + "f", value);
	}

	static double bytesPerEvent(BenchResult r) {
		long events = r.wireEvents() != null ? r.wireEvents() : r.received();
		return events == 0 ? 0 : (double) r.bytes() / events;
	}

	static double requestsPerSecond(BenchResult r) {
		return r.durationS() == 0 ? 0 : r.requests() / r.durationS();
	}

	static String oneLine(BenchResult r) {
		return String.format(Locale.ROOT,
				"paint p50 %s p99 %s ms | delivery p50 %s ms | %.1f fps, %.1f %% dropped | received %d lost %d dup %d | %.0f B/event %.1f req/s",
				p(r.latencyMs(), true), p(r.latencyMs(), false), p(r.deliveryMs(), true), r.fps().mean(),
				r.droppedFramesPct(), r.received(), r.lost(), r.duplicates(), bytesPerEvent(r), requestsPerSecond(r));
	}

	private static String p(BenchResult.Percentiles percentiles, boolean p50) {
		if (percentiles == null) {
			return "n/a";
		}
		return ms(p50 ? percentiles.p50() : percentiles.p99());
	}

}
