package dev.transportlab.tools.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.transportlab.tools.load.NoiseGuard;

/**
 * Whether the run was clean, for the report's header and its "Checks" section: per scenario
 * the CPU used by anything else, the frame check before it, its attempts and the relay's
 * own check (WireMeter parse errors or bytes it did not book).
 */
final class NoiseSection {

	private NoiseSection() {
	}

	/** clean, disturbed (any scenario still disturbed after its retry) or not checked. */
	static String status(List<ComparisonRun.Measured> measured) {
		if (measured.isEmpty()) {
			return NoiseGuard.NOT_CHECKED;
		}
		if (measured.stream().anyMatch(m -> m.checks().disturbed())) {
			return NoiseGuard.DISTURBED;
		}
		return measured.stream().allMatch(m -> m.checks().status().equals(NoiseGuard.CLEAN)) ? NoiseGuard.CLEAN
				: NoiseGuard.NOT_CHECKED;
	}

	/** The highest other-CPU figure of the run, "n/a" when not checked. */
	static String worstOther(List<ComparisonRun.Measured> measured) {
		NoiseGuard.Verdict worst = NoiseGuard.Verdict.worst(measured.stream().map(m -> m.checks().cpu()).toList(),
				NoiseGuard.DEFAULT_THRESHOLD_CORES);
		return worst.otherPercent();
	}

	static List<ComparisonRun.Measured> wireProblems(List<ComparisonRun.Measured> measured) {
		return measured.stream().filter(m -> m.checks().wireProblem() != null).toList();
	}

	/** The header line: one sentence a reader sees before any figure. */
	static String headline(Comparison c) {
		List<ComparisonRun.Measured> measured = c.measured();
		String status = status(measured);
		long disturbed = measured.stream().filter(m -> m.checks().disturbed()).count();
		long retried = measured.stream().filter(m -> m.checks().attempts() > 1).count();
		String limit = Figures.num(c.options().noiseThresholdCores() * 100, 0) + " %";
		String line = switch (status) {
			case NoiseGuard.CLEAN -> "**Run: clean.** In every scenario other processes used at most "
					+ worstOther(measured) + " of a core (limit " + limit + "), and the browser kept its frame rate "
					+ "and budget";
			case NoiseGuard.DISTURBED -> "**Run: DISTURBED.** " + disturbed + " of " + measured.size()
					+ " scenarios were still disturbed after a retry (other CPU up to " + worstOther(measured)
					+ " of a core, limit " + limit + ", or the browser missed its frame budget): their figures are "
					+ "about the machine, not the transports. Do not commit this report; measure on a quiet machine";
			default -> "**Run: not checked.** The machine's CPU could not be read (no /proc): nothing says whether "
					+ "other processes disturbed the figures";
		};
		line += retried == 0 ? ".\n\n" : "; " + retried + " scenarios were measured twice (see Checks).\n\n";
		List<ComparisonRun.Measured> wire = wireProblems(measured);
		if (!wire.isEmpty()) {
			line += "**Wire check failed in " + wire.size() + " scenarios** (listed under Checks): their wire bytes "
					+ "may be short.\n\n";
		}
		return line;
	}

	/** The "Checks" section: one row per scenario. */
	static void append(StringBuilder md, Comparison c) {
		md.append("## Checks\n\n");
		md.append("Per scenario: CPU used by anything but the app, this run, chromedriver and Chromium (machine busy "
				+ "time from /proc/stat minus those processes' own from /proc/PID/stat, in % of one core over the "
				+ "scenario); the rAF check just before it (rate, and the share of long frames while each frame does "
				+ Figures.num(FrameCheck.WORK_MS, 0) + " ms of work); the attempts (a disturbed scenario is measured "
				+ "once more); and the relay's own check (parse errors, bytes forwarded but not booked).\n\n");
		md.append("| Transport | Rate/s | Markers | Mode | Compression | Run | Other CPU | rAF fps | Long frames | Attempts | Wire check |\n");
		md.append("|---|---:|---:|---|---|---|---:|---:|---:|---:|---|\n");
		for (ComparisonRun.Measured m : c.measured()) {
			ScenarioChecks k = m.checks();
			md.append("| ").append(m.scenario().transport()).append(m.scenario().axes()).append(" | ")
				.append(m.scenario().rate()).append(" | ").append(m.scenario().markers()).append(" | ")
				.append(m.scenario().mode()).append(" | ").append(m.scenario().compression()).append(" | ")
				.append(k.disturbed() ? "**disturbed**" : k.status()).append(" | ").append(k.cpu().otherPercent())
				.append(" | ").append(k.frames() == null ? "n/a" : Figures.num(k.frames().meanFps(), 1)).append(" | ")
				.append(k.frames() == null ? "n/a" : Figures.num(k.frames().longFrameShare() * 100, 0) + " %")
				.append(" | ").append(k.attempts()).append(" | ")
				.append(k.wireProblem() == null ? "ok" : "**" + k.wireProblem() + "**").append(" |\n");
		}
		md.append('\n');
	}

	/** results.json: the run's verdict. */
	static Map<String, Object> json(Comparison c) {
		Map<String, Object> noise = new LinkedHashMap<>();
		noise.put("status", status(c.measured()));
		noise.put("thresholdPercentOfCore", c.options().noiseThresholdCores() * 100);
		noise.put("worstOtherCpuPercentOfCore", worstOther(c.measured()));
		noise.put("disturbedScenarios", c.measured().stream().filter(m -> m.checks().disturbed()).count());
		noise.put("retriedScenarios", c.measured().stream().filter(m -> m.checks().attempts() > 1).count());
		List<String> wire = new ArrayList<>();
		wireProblems(c.measured()).forEach(m -> wire.add(m.scenario().label() + ": " + m.checks().wireProblem()));
		noise.put("wireCheckFailures", wire);
		return noise;
	}

	/** results.json: one scenario's checks. */
	static Map<String, Object> json(ScenarioChecks k) {
		Map<String, Object> checks = new LinkedHashMap<>();
		checks.put("status", k.status());
		checks.put("why", k.why());
		checks.put("otherCpuPercentOfCore", Double.isNaN(k.cpu().otherCores()) ? null : k.cpu().otherCores() * 100);
		checks.put("cpu", k.cpu());
		checks.put("rafCheck", k.frames());
		checks.put("attempts", k.attempts());
		checks.put("wireCheck", k.wireProblem() == null ? "ok" : k.wireProblem());
		return checks;
	}

}
