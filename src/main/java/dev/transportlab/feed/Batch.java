package dev.transportlab.feed;

import java.util.List;

/**
 * One read from a feed: a gap notice if the resume point was outside the window, the
 * events that follow, the seq to resume after next time, the epoch all of it belongs to,
 * and whether the read was cut at the feed's batch limit with newer events waiting.
 */
public record Batch(Gap gap, List<FeedEvent> events, long next, String epoch, boolean more) {

	public boolean isEmpty() {
		return this.gap == null && this.events.isEmpty();
	}

}
