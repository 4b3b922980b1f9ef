package dev.transportlab.tools.measure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.transportlab.tools.load.CpuSampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The storm's figures: nearest-rank percentiles, never a negative time, one markdown row.
 */
class StormResultTests {

	@Test
	void percentilesAreNearestRank() {
		long[] sorted = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 };
		assertThat(StormResult.percentile(sorted, 50)).isEqualTo(50);
		assertThat(StormResult.percentile(sorted, 99)).isEqualTo(100);
		assertThat(StormResult.percentile(sorted, 100)).isEqualTo(100);
		assertThat(StormResult.percentile(new long[] { 7 }, 50)).isEqualTo(7);
		assertThat(StormResult.percentile(new long[0], 50)).isEqualTo(-1);
	}

	@Test
	void aNegativeReturnTimeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> result(new long[] { 5, -1 }, 0));
	}

	@Test
	void theRowSaysWhoWasNotBackAndSortsTheTimes() {
		StormResult result = result(new long[] { 3000, 1000, 2000 }, 1);
		assertThat(result.backFromStop()).containsExactly(1000, 2000, 3000);
		String row = result.markdownRow();
		assertThat(row).startsWith("| 2000 ms ± 50 % | 2 + 2 (3 receiving before) |")
			.contains("| no: 1 of 4 not back within 60 s |", "| 2.00 / 3.00 / 3.00 s |", "| 4 |", "| 1 / 0 |",
					"1.00 2.00 3.00 → 1.50 2.00 3.00");
		assertThat(row.split("\\|", -1))
			.hasSize(StormResult.TABLE_HEADER.lines().findFirst().orElseThrow().split("\\|", -1).length);
		assertThat(result.json()).containsEntry("notBack", 1L).containsEntry("refusedConnects", 4L);
	}

	private static StormResult result(long[] back, long notBack) {
		return new StormResult("jittered", 2000, 0.5, 2, 2, 3, 40, 100, 12_000, 14_000, back, back.clone(), notBack, 60,
				95, 1.5, 0, 4, 0, 0, Map.of(), 1, 0, 0, 3, 0, "1.00 2.00 3.00", "1.50 2.00 3.00");
	}

	@Test
	void cpuPeakIsOverOneSecondSpans() {
		long s = 1_000_000_000L;
		// 0.5 s of CPU in the first second, 1 s in the second (CPU in nanoseconds)
		List<long[]> samples = List.of(new long[] { 0, 0 }, new long[] { s / 2, s / 5 }, new long[] { s, s / 2 },
				new long[] { 2 * s, 3 * s / 2 });
		assertThat(CpuSampler.peakPercent(samples, 0, 2 * s)).isEqualTo(100.0);
		assertThat(CpuSampler.cpuSeconds(samples, 0, 2 * s)).isEqualTo(1.5);
		assertThat(CpuSampler.peakPercent(samples, 0, s / 2)).isEqualTo(40.0);
	}

}
