package dev.transportlab.tools.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The --repeat table of a load report: per transport and server, the median of its runs
 * with min-max, a spread over 20 % flagged (⚠), and how many of the runs were marked.
 */
final class Repeats {

	private Repeats() {
	}

	static void append(StringBuilder md, List<TransportResult> results) {
		Map<String, List<TransportResult>> groups = new LinkedHashMap<>();
		results.forEach(r -> groups.computeIfAbsent(Report.label(r), k -> new ArrayList<>()).add(r));
		if (groups.values().stream().allMatch(g -> g.size() < 2)) {
			return;
		}
		md.append("## Over the repeats\n\n");
		md.append("Median (min–max) of each server's runs, interleaved with the other servers' (--repeat);")
			.append(" ⚠ = the spread (max − min) / median is over 20 %: one run's figure would not be worth")
			.append(" quoting. `marked` counts runs that were generator-bound, server-bound or disturbed.\n\n");
		md.append("| transport | server | runs | delivered % | msg/s | p50 ms | p99 ms | server CPU µs/msg | marked |\n");
		md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (List<TransportResult> runs : groups.values()) {
			TransportResult first = runs.get(0);
			long marked = runs.stream()
				.filter(r -> !r.bottleneck().fair() || NoiseGuard.DISTURBED.equals(r.noise().status()))
				.count();
			md.append("| ").append(first.transport()).append(" | ").append(Report.label(first).substring(
					first.transport().length() + 4)).append(" | ").append(runs.size()).append(" | ")
				.append(cell(runs, r -> r.deliveredShare() * 100, 1)).append(" | ")
				.append(cell(runs, TransportResult::messagesPerSecond, 0)).append(" | ")
				.append(cell(runs, r -> r.latencyMs().p50(), 1)).append(" | ")
				.append(cell(runs, r -> r.latencyMs().p99(), 1)).append(" | ")
				.append(cell(runs, r -> r.cost().cpuMicrosPerMessage(), 1)).append(" | ")
				.append(marked).append(" |\n");
		}
		md.append('\n');
	}

	private static String cell(List<TransportResult> runs, ToDoubleFunction<TransportResult> figure, int decimals) {
		return Spread.of(runs.stream().map(r -> figure.applyAsDouble(r)).toList()).cell(decimals);
	}

}
