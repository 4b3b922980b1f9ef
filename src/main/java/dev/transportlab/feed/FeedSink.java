package dev.transportlab.feed;

import java.io.IOException;
import java.util.List;

/**
 * The one thing a push transport implements: how events, gap notices and heartbeats are
 * written on its wire. Calls come from one thread at a time per subscription, so a sink
 * never sends concurrently.
 */
public interface FeedSink {

	/** Writes the events; returns the payload bytes written (for the wire statistics). */
	long sendEvents(List<FeedEvent> events) throws IOException;

	/** Writes a gap notice; returns the payload bytes written. */
	long sendGap(Gap gap) throws IOException;

	void sendHeartbeat() throws IOException;

	/** The server ends the subscription; say why if the wire can, and close. */
	void close(EndReason reason);

	enum EndReason {

		/** The server is going down. */
		SHUTDOWN,
		/** The feed was removed (an unused benchmark feed). */
		FEED_REMOVED,
		/** A write failed or timed out: the client stopped reading or went away. */
		WRITE_FAILED,
		/**
		 * The token the client connected with expired (private feeds): it comes back with
		 * a fresh one and resumes.
		 */
		AUTH_EXPIRED

	}

}
