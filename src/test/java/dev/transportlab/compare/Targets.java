package dev.transportlab.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.transportlab.bench.BenchResult;

/**
 * The targets of the issue, checked against what was measured. A scenario the matrix did not
 * include is simply not checked (the report says which targets had no scenario).
 */
final class Targets {

	/** Push transports for the FPS target; long polling is shown but not held to it. */
	static final Set<String> PUSH = Set.of("websocket", "sse");

	private Targets() {
	}

	static List<Check> evaluate(List<ComparisonRun.Measured> measured) {
		List<Check> checks = new ArrayList<>();
		for (ComparisonRun.Measured m : measured) {
			Scenario s = m.scenario();
			BenchResult r = m.result();
			String label = s.label();
			if (PUSH.contains(s.transport()) && s.rate() == 100 && s.markers() == 100 && s.mode().equals("coalesced")
					&& r.latencyMs() != null) {
				checks.add(atMost("paint latency p50", label, r.latencyMs().p50(), 12, "ms"));
				checks.add(atMost("paint latency p99", label, r.latencyMs().p99(), 25, "ms"));
			}
			if (s.transport().equals("polling") && r.deliveryMs() != null && r.deliveryMs().mean() != null
					&& r.intervalMs() != null) {
				double roundTrip = r.clockRttMs() != null ? r.clockRttMs() : 0;
				double theory = r.intervalMs() / 2.0 + roundTrip;
				double measuredMean = r.deliveryMs().mean();
				double off = Math.abs(measuredMean - theory) / theory * 100;
				checks.add(new Check("short-polling delivery mean within 10 % of interval/2 + round trip", label,
						String.format(Locale.ROOT, "%.1f ms vs theory %.1f ms (%d/2 + %.1f)", measuredMean, theory,
								r.intervalMs(), roundTrip),
						off <= 10, off <= 10 ? "" : String.format(Locale.ROOT, "off by %.1f %%", off)));
			}
			if (PUSH.contains(s.transport()) && s.rate() == 1000 && s.mode().equals("coalesced")) {
				checks.add(atLeast("mean FPS", label, r.fps().mean(), 55, "fps"));
				checks.add(atMost("dropped frames", label, r.droppedFramesPct(), 3, "%"));
			}
			boolean exact = r.lost() == 0 && r.duplicates() == 0;
			checks.add(new Check("zero lost, zero duplicates", label,
					"lost " + r.lost() + ", duplicates " + r.duplicates() + " of " + r.received(), exact,
					exact ? "" : "lost " + r.lost() + ", duplicates " + r.duplicates()));
		}
		return checks;
	}

	private static Check atMost(String what, String label, double value, double limit, String unit) {
		boolean met = value <= limit;
		return new Check(what + " <= " + fmt(limit) + " " + unit, label, fmt(value) + " " + unit, met,
				met ? "" : String.format(Locale.ROOT, "%s %s over (%.0f %%)", fmt(value - limit), unit,
						(value - limit) / limit * 100));
	}

	private static Check atLeast(String what, String label, double value, double limit, String unit) {
		boolean met = value >= limit;
		return new Check(what + " >= " + fmt(limit) + " " + unit, label, fmt(value) + " " + unit, met,
				met ? "" : String.format(Locale.ROOT, "%s %s under (%.0f %%)", fmt(limit - value), unit,
						(limit - value) / limit * 100));
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	/** One target on one scenario. */
	record Check(String target, String scenario, String measured, boolean met, String miss) {

		String oneLine() {
			return (this.met ? "MET    " : "MISSED ") + this.target + " | " + this.scenario + " | " + this.measured
					+ (this.met ? "" : " | " + this.miss);
		}

	}

}
