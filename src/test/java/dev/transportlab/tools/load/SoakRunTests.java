package dev.transportlab.tools.load;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SoakRun's verdict: every cycle's live heap within 10 % of cycle 1 passes (exit 0), one
 * cycle above it fails, and the report says which.
 */
class SoakRunTests {

	private static final long MB = 1024 * 1024;

	private static SoakRun.Reading heap(int cycle, long bytes) {
		return new SoakRun.Reading(cycle, bytes, 200 * MB, "0.50, 0.40, 0.30");
	}

	@Test
	void tenPercentAboveCycleOneStillPassesAndOneByteMoreFails() {
		assertThat(SoakRun.withinTenPercent(List.of(heap(1, 100 * MB), heap(2, 110 * MB), heap(3, 90 * MB)))).isTrue();
		assertThat(SoakRun.withinTenPercent(List.of(heap(1, 100 * MB), heap(2, 110 * MB + 1)))).isFalse();
		// the last cycle counts as much as any other
		assertThat(SoakRun.withinTenPercent(List.of(heap(1, 100 * MB), heap(2, 100 * MB), heap(3, 150 * MB))))
			.isFalse();
		assertThat(SoakRun.withinTenPercent(List.of(heap(1, 100 * MB)))).isTrue();
	}

	@Test
	void theReportShowsEachCycleAgainstCycleOneAndTheVerdict() {
		SoakRun run = new SoakRun();
		String passed = run.markdown(List.of(heap(1, 100 * MB), heap(2, 105 * MB))).toString();
		assertThat(passed).contains("| 2 | ", "| +5.0 % |", "Every cycle within 10 % of cycle 1: **yes**");
		String failed = run.markdown(List.of(heap(1, 100 * MB), heap(2, 120 * MB))).toString();
		assertThat(failed).contains("| +20.0 % |", "Every cycle within 10 % of cycle 1: **no**");
	}

}
