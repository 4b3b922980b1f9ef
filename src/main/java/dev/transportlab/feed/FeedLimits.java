package dev.transportlab.feed;

import dev.transportlab.LabProperties;

/**
 * What a generated feed may be ({@code lab.limits}): its rate, its markers and their
 * product, and how many benchmark feeds may exist at once. A request beyond them is
 * refused with the rule it broke.
 */
final class FeedLimits {

	private final LabProperties properties;

	FeedLimits(LabProperties properties) {
		this.properties = properties;
	}

	/** The configured rate and markers ({@code lab.feed}), what a request leaves out. */
	FeedSettings defaults() {
		return new FeedSettings(this.properties.feed().rate(), this.properties.feed().markers());
	}

	FeedSettings validate(FeedSettings settings) {
		LabProperties.Limits limits = this.properties.limits();
		if (settings.rate() < 1 || settings.rate() > limits.maxRate()) {
			throw new FeedLimitException("rate must be 1.." + limits.maxRate() + " events/s, got " + settings.rate(),
					false);
		}
		int maxMarkers = Math.min(limits.maxMarkers(), DashboardGenerator.MAX_MARKERS);
		if (settings.markers() < 1 || settings.markers() > maxMarkers) {
			throw new FeedLimitException("markers must be 1.." + maxMarkers + ", got " + settings.markers(), false);
		}
		if ((long) settings.rate() * settings.markers() > limits.maxRateTimesMarkers()) {
			throw new FeedLimitException("rate x markers must be <= " + limits.maxRateTimesMarkers()
					+ " (lab.limits.max-rate-times-markers), got " + settings.rate() + " x " + settings.markers()
					+ " = " + (long) settings.rate() * settings.markers(), false);
		}
		return settings;
	}

	/**
	 * @param benchFeeds how many benchmark feeds exist now
	 */
	void checkRoomForBenchFeed(long benchFeeds) {
		LabProperties.Limits limits = this.properties.limits();
		if (benchFeeds >= limits.maxBenchFeeds()) {
			throw new FeedLimitException("At most " + limits.maxBenchFeeds()
					+ " benchmark feeds may exist at once (lab.limits.max-bench-feeds); unused ones vanish after "
					+ limits.benchFeedIdleTimeout().toSeconds() + " s.", true);
		}
	}

}
