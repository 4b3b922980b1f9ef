package dev.transportlab.feed;

/**
 * Opens a log per feed. Without another bean the registry uses {@link InMemoryFeedLogs};
 * {@code lab.feed-log=redis} supplies the Redis Streams one.
 */
public interface FeedLogs {

	/**
	 * @param settings the feed's settings when it is generated (live, benchmark); a
	 * published feed (job progress) has none
	 * @param owner true when this instance made the feed and may publish it; a generated
	 * feed may be published by any instance that has it
	 */
	FeedLog open(String feedId, FeedSettings settings, boolean owner);

	/**
	 * A feed that another instance made, or {@code null}: its settings (null rate for a
	 * published feed).
	 */
	default FeedSettings find(String feedId) {
		return null;
	}

	/**
	 * A number for a new feed or job id, unique across instances when they share a log.
	 */
	default long nextNumber(String sequence, long local) {
		return local;
	}

}
