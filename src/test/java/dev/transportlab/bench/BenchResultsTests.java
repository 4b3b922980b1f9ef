package dev.transportlab.bench;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchResultsTests {

	@Test
	void keepsOnlyTheNewestUpToCapacity() {
		BenchResults results = new BenchResults(3, Clock.systemUTC());
		for (int rate = 1; rate <= 5; rate++) {
			results.add(result(rate));
		}
		assertThat(results.newest(10)).extracting(r -> r.result().rate()).containsExactly(5, 4, 3);
		assertThat(results.newest(2)).extracting(r -> r.id()).containsExactly(5L, 4L);
		assertThat(results.find(1)).isEmpty();
		assertThat(results.find(4)).isPresent();
	}

	private static BenchResult result(int rate) {
		return new BenchResult("sse", rate, 10, 1.0, "coalesced", null, 1L, 0L, 0L, null, null,
				new BenchResult.Fps(60.0), new BenchResult.FrameTimes(16.7, 17.0), 0.0, 0L, 1L, null, null, null, null);
	}

}
