package dev.transportlab.feed.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis answered the last command, for this instance's feed log: told by every
 * command's outcome, logged once per change, shown to clients as the log's state.
 */
final class RedisAvailability {

	private static final Logger logger = LoggerFactory.getLogger(RedisAvailability.class);

	private volatile boolean available = true;

	boolean available() {
		return this.available;
	}

	void failed(RuntimeException ex) {
		if (this.available) {
			this.available = false;
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			logger.warn("Redis (the feed log) is unavailable: {}. Clients stay connected; new events wait for it.",
					cause.toString());
		}
	}

	void ok() {
		if (!this.available) {
			this.available = true;
			logger.info("Redis (the feed log) is available again");
		}
	}

}
