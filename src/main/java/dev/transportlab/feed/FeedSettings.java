package dev.transportlab.feed;

/**
 * What a feed produces: events per second and markers per event. Boxed so that a JSON
 * body may leave either one out.
 */
public record FeedSettings(Integer rate, Integer markers) {

	FeedSettings merge(FeedSettings change) {
		return new FeedSettings(change.rate() != null ? change.rate() : this.rate,
				change.markers() != null ? change.markers() : this.markers);
	}

}
