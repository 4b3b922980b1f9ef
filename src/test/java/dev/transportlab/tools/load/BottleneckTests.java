package dev.transportlab.tools.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which side of a load row ran out, from the row's own figures. */
class BottleneckTests {

	@Test
	void aSaturatedLoadGeneratorOnItsOwnCoreIsGeneratorBound() {
		// the 10,000-client peer rows: the generator used its one core up, 78 % delivered
		Bottleneck b = Bottleneck.judge(0.78, 0.97, 1, 0.40, 1, Double.NaN, false);
		assertThat(b.mark()).isEqualTo(Bottleneck.GENERATOR);
		assertThat(b.fair()).isFalse();
		assertThat(b.why()).isEqualTo("delivered 78.0 %, load generator 0.97 of 1 cores, server 0.40 of 1 cores");
	}

	@Test
	void aPublisherShortOfItsRateIsGeneratorBoundEvenWithCpuLeft() {
		// nchan received 6.2 events/s per client instead of 10
		Bottleneck b = Bottleneck.judge(0.995, 0.50, 1, 0.30, 1, 0.62, false);
		assertThat(b.mark()).isEqualTo(Bottleneck.GENERATOR);
		assertThat(b.why()).endsWith("publisher 62.0 % of its rate");
	}

	@Test
	void aSaturatedServerOrAShortfallWithRoomInTheGeneratorIsServerBound() {
		assertThat(Bottleneck.judge(0.999, 0.50, 1, 0.95, 1, Double.NaN, false).mark()).isEqualTo(Bottleneck.SERVER);
		assertThat(Bottleneck.judge(0.90, 0.50, 1, 0.50, 1, Double.NaN, false).mark()).isEqualTo(Bottleneck.SERVER);
	}

	@Test
	void aRowWithRoomOnBothSidesAndEverythingDeliveredIsFair() {
		Bottleneck b = Bottleneck.judge(0.999, 0.50, 1, 0.50, 1, 1.0, false);
		assertThat(b.fair()).isTrue();
		assertThat(b.mark()).isEmpty();
	}

	@Test
	void unpinnedTheSideThatTookMoreOfTheSharedCoresRanOut() {
		assertThat(Bottleneck.judge(0.999, 1.30, 2, 0.60, 2, Double.NaN, true).mark()).isEqualTo(Bottleneck.GENERATOR);
		assertThat(Bottleneck.judge(0.999, 0.50, 2, 1.40, 2, Double.NaN, true).mark()).isEqualTo(Bottleneck.SERVER);
		assertThat(Bottleneck.judge(0.999, 0.50, 2, 0.60, 2, Double.NaN, true).fair()).isTrue();
	}

	@Test
	void cpuListsCountTheirCpus() {
		assertThat(LoadOptions.cpuCount("0", 8)).isEqualTo(1);
		assertThat(LoadOptions.cpuCount("0-1", 8)).isEqualTo(2);
		assertThat(LoadOptions.cpuCount("0,2-3", 8)).isEqualTo(3);
		assertThat(LoadOptions.cpuCount("", 8)).isEqualTo(8);
	}

}
