package dev.transportlab.tools.compare;

import java.util.ArrayList;
import java.util.List;

import dev.transportlab.tools.load.NoiseGuard;

/**
 * What a scenario's figures can be trusted for: whether anything else used the CPU while it
 * ran ({@link NoiseGuard}), whether the browser kept its frame rate and budget just before
 * it, how many attempts it took, and whether the relay's own books balanced
 * ({@link WireCheck}; null when not measured).
 */
record ScenarioChecks(NoiseGuard.Verdict cpu, FrameCheck frames, int attempts, String wireProblem) {

	/** clean, disturbed or not checked: never clean without /proc. */
	String status() {
		if (this.cpu.disturbed() || (this.frames != null && !this.frames.budgetHeld())) {
			return NoiseGuard.DISTURBED;
		}
		return this.cpu.clean() ? NoiseGuard.CLEAN : NoiseGuard.NOT_CHECKED;
	}

	boolean disturbed() {
		return NoiseGuard.DISTURBED.equals(status());
	}

	/** Why, in a few words: "other CPU 31.0 % of a core; 42 % long frames". */
	String why() {
		List<String> reasons = new ArrayList<>();
		if (this.cpu.disturbed()) {
			reasons.add("other CPU " + this.cpu.otherPercent() + " of a core");
		}
		else if (!this.cpu.clean()) {
			reasons.add("CPU not checked");
		}
		if (this.frames != null && !this.frames.passed()) {
			reasons.add(String.format(java.util.Locale.ROOT, "rAF %.1f fps", this.frames.meanFps()));
		}
		if (this.frames != null && this.frames.longFrameShare() > FrameCheck.MAX_LONG_FRAMES) {
			reasons.add(String.format(java.util.Locale.ROOT, "%.0f %% long frames", this.frames.longFrameShare() * 100));
		}
		return String.join("; ", reasons);
	}

	static ScenarioChecks none() {
		return new ScenarioChecks(NoiseGuard.Verdict.notChecked(NoiseGuard.DEFAULT_THRESHOLD_CORES), null, 1, null);
	}

}
