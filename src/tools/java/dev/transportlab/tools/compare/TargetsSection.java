package dev.transportlab.tools.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's "Targets" section: each check met, missed (by how much, and why from the same
 * scenario's figures) or not made, then the targets the matrix does not cover.
 */
final class TargetsSection {

	private TargetsSection() {
	}

	static void append(StringBuilder md, Comparison c) {
		md.append("## Targets\n\n");
		List<Targets.Check> checks = c.targets();
		if (checks.isEmpty()) {
			md.append("No scenario of this matrix is covered by a target.\n\n");
		}
		else {
			md.append("| | Target | Scenario | Measured | Miss |\n|---|---|---|---|---|\n");
			for (Targets.Check check : checks) {
				md.append("| ").append(check.error() ? "**error**" : check.met() ? "met" : "**missed**").append(" | ")
					.append(check.target())
					.append(" | ").append(check.scenario()).append(" | ").append(check.measured()).append(" | ")
					.append(check.miss()).append(" |\n");
			}
			long errors = checks.stream().filter(Targets.Check::error).count();
			long missed = checks.stream().filter(check -> !check.met() && !check.error()).count();
			md.append('\n');
			if (errors > 0) {
				md.append("**").append(errors).append(" of ").append(checks.size())
					.append(" checks could not be made: the figure was not measured.** ");
			}
			md.append(missed == 0 && errors == 0 ? "Every checked target was met.\n\n"
					: missed + " of " + checks.size() + " checks missed. " + conditions(c) + "\n\n");
			if (missed > 0) {
				md.append("Why, from the same scenarios' figures:\n\n");
				// one line per scenario and explanation, naming every target it explains
				Map<String, List<String>> reasons = new LinkedHashMap<>();
				checks.stream()
					.filter(check -> !check.met() && !check.why().isEmpty())
					.forEach(check -> reasons
						.computeIfAbsent(check.scenario() + "\u0000" + check.why(), key -> new ArrayList<>())
						.add(check.target()));
				reasons.forEach((key, targets) -> {
					String[] parts = key.split("\u0000", 2);
					md.append("- ").append(parts[0]).append(" (").append(String.join("; ", targets)).append("): ")
						.append(parts[1]).append(".\n");
				});
				md.append('\n');
			}
		}
		md.append("The targets (headless Chromium on loopback) and the scenario each needs:\n\n");
		for (String[] target : Targets.TARGETS) {
			boolean covered = checks.stream().anyMatch(check -> matches(target[0], check.target()));
			md.append("- ").append(target[0]).append(" (").append(target[1]).append(")")
				.append(covered ? "" : ": **not in this matrix**").append('\n');
		}
		md.append('\n');
	}

	private static boolean matches(String target, String check) {
		return (target.startsWith("SSE and WebSocket paint") && check.startsWith("paint latency"))
				|| (target.startsWith("short-polling") && check.startsWith("short-polling"))
				|| (target.startsWith("mean FPS") && (check.startsWith("mean FPS") || check.startsWith("dropped")))
				|| (target.startsWith("zero lost") && check.startsWith("zero lost"));
	}

	private static String conditions(Comparison c) {
		Map<String, String> m = c.machine();
		return "Conditions: " + m.get("cores") + " cores, load average " + m.get("loadBefore") + " before and "
				+ m.get("loadAfter") + " after the run; latency and FPS are sensitive to CPU contention "
				+ "(docs/benchmark.md, \"Pitfalls\").";
	}

}
