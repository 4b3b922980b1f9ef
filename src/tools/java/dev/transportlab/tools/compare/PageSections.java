package dev.transportlab.tools.compare;

import dev.transportlab.bench.BenchResult;

/** The report's sections on what the page measured: "Latency (ms)" and "Frames and delivery". */
final class PageSections {

	private PageSections() {
	}

	static void latency(StringBuilder md, Comparison c) {
		md.append("## Latency (ms)\n\n");
		md.append("Percentiles over the events the page received (sent: in the Wire table).\n\n");
		md.append("| Transport | Rate/s | Markers | Mode | Compression | Received | Paint p50 | p95 | p99 | max | Delivery p50 | p95 | p99 | max |\n");
		md.append("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (ComparisonRun.Measured x : c.measured()) {
			BenchResult r = x.result();
			md.append(x.scenario().tableRow()).append(r.received()).append(" | ").append(cells(r.latencyMs()))
				.append(cells(r.deliveryMs())).append('\n');
		}
		md.append("\n![Paint latency percentiles](").append(Charts.LATENCY).append(")\n\n");
	}

	static void frames(StringBuilder md, Comparison c) {
		md.append("## Frames and delivery\n\n");
		md.append("| Transport | Rate/s | Markers | Mode | Compression | FPS | Frame p50 | Frame p99 | Dropped % | Received | Lost | Dup |\n");
		md.append("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (ComparisonRun.Measured x : c.measured()) {
			BenchResult r = x.result();
			md.append(x.scenario().tableRow());
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
	}

	private static String cells(BenchResult.Percentiles p) {
		if (p == null) {
			return "n/a | n/a | n/a | n/a | ";
		}
		return Figures.ms(p.p50()) + " | " + Figures.ms(p.p95()) + " | " + Figures.ms(p.p99()) + " | "
				+ Figures.ms(p.max()) + " | ";
	}

}
