package dev.transportlab.feed;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.transportlab.LabProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The limits of a generated feed at their exact edges (rate 1..100, markers 1..50, rate x
 * markers <= 1000 with the test's properties) and the cap on benchmark feeds, each
 * refusal with its message and whether waiting helps.
 */
class FeedLimitsUnitTests {

	private final FeedLimits limits = new FeedLimits(FeedRegistryUnitTests.PROPERTIES);

	@Test
	void theDefaultsAreTheConfiguredFeed() {
		assertThat(this.limits.defaults()).isEqualTo(new FeedSettings(40, 3));
	}

	@Test
	void settingsOnTheEdgesPass() {
		for (FeedSettings settings : new FeedSettings[] { new FeedSettings(1, 1), new FeedSettings(100, 10),
				new FeedSettings(20, 50), new FeedSettings(1, 50), new FeedSettings(100, 1) }) {
			assertThat(this.limits.validate(settings)).isSameAs(settings);
		}
	}

	@Test
	void eachRuleRefusesOneStepBeyondItsEdge() {
		assertRefused(new FeedSettings(0, 1), "rate must be 1..100 events/s, got 0");
		assertRefused(new FeedSettings(101, 1), "rate must be 1..100 events/s, got 101");
		assertRefused(new FeedSettings(1, 0), "markers must be 1..50, got 0");
		assertRefused(new FeedSettings(1, 51), "markers must be 1..50, got 51");
		assertRefused(new FeedSettings(91, 11),
				"rate x markers must be <= 1000 (lab.limits.max-rate-times-markers), got 91 x 11 = 1001");
		assertRefused(new FeedSettings(100, 11),
				"rate x markers must be <= 1000 (lab.limits.max-rate-times-markers), got 100 x 11 = 1100");
	}

	@Test
	void markersAreCappedByTheGeneratorEvenWhenTheLimitIsHigher() {
		FeedLimits generous = new FeedLimits(
				new Binder(new MapConfigurationPropertySource(Map.of("lab.limits.max-markers", "5000")))
					.bindOrCreate("lab", LabProperties.class));
		assertThat(generous.validate(new FeedSettings(1, 1000))).isEqualTo(new FeedSettings(1, 1000));
		assertThatExceptionOfType(FeedLimitException.class)
			.isThrownBy(() -> generous.validate(new FeedSettings(1, 1001)))
			.withMessage("markers must be 1..1000, got 1001");
	}

	@Test
	void theCapOnBenchmarkFeedsCountsThoseThatExist() {
		this.limits.checkRoomForBenchFeed(0);
		this.limits.checkRoomForBenchFeed(1);
		assertThatExceptionOfType(FeedLimitException.class).isThrownBy(() -> this.limits.checkRoomForBenchFeed(2))
			.withMessage("At most 2 benchmark feeds may exist at once (lab.limits.max-bench-feeds);"
					+ " unused ones vanish after 10 s.")
			.satisfies(ex -> assertThat(ex.retryLater()).isTrue())
			.satisfies(ex -> assertThat(ex.headers().getFirst("Retry-After")).isEqualTo("30"));
	}

	private void assertRefused(FeedSettings settings, String message) {
		assertThatExceptionOfType(FeedLimitException.class).isThrownBy(() -> this.limits.validate(settings))
			.withMessage(message)
			.satisfies(ex -> assertThat(ex.retryLater()).isFalse());
	}

}
