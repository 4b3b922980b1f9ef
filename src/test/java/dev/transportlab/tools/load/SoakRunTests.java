package dev.transportlab.tools.load;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak's verdict applies its own rule: every cycle within 10 % of cycle 1, either
 * way.
 */
class SoakRunTests {

	private static final long MB = 1024 * 1024;

	@Test
	void theCommittedSoakIsNotWithinTenPercent() {
		// docs/results/load-memory/soak/soak.md: 53, 36, 37, 38, 53 MB
		List<SoakRun.Reading> readings = readings(53, 36, 37, 38, 53);
		assertThat(SoakRun.withinTenPercent(readings)).isFalse();
		assertThat(SoakRun.verdict(readings)).startsWith("Every cycle within 10 % of cycle 1: **no**: cycles 2, 3, 4")
			.contains("None grew above it");
	}

	@Test
	void growthIsCalledAPossibleLeakAndSteadyCyclesPass() {
		assertThat(SoakRun.verdict(readings(50, 52, 60))).contains("cycles 3").contains("a possible leak");
		assertThat(SoakRun.verdict(readings(50, 54, 46, 55))).isEqualTo("Every cycle within 10 % of cycle 1: **yes**");
	}

	private static List<SoakRun.Reading> readings(long... heapMb) {
		List<SoakRun.Reading> readings = new java.util.ArrayList<>();
		for (int i = 0; i < heapMb.length; i++) {
			readings.add(new SoakRun.Reading(i + 1, heapMb[i] * MB, 500 * MB, "0.10 0.10 0.10"));
		}
		return readings;
	}

}
