package dev.transportlab.feed;

import java.io.IOException;
import java.util.List;

/**
 * The one thing a push transport implements: how events, gap notices and heartbeats are
 * written on its wire. Calls come from one thread at a time per subscription, so a sink
 * never sends concurrently.
 * <p>
 * A non-blocking sink (the shape of an event loop, as nchan and Node fan out) never waits
 * for its client: each send hands the container one write of shared bytes and returns;
 * {@link #writable()} then says whether the connection can take the next one, and the
 * sink calls {@link #onWritable} when it can again. The feed writes to such sinks on the
 * thread that learnt of the event, one connection after another, and parks only the
 * connection that cannot take a write. A blocking sink is drained on a thread of its own.
 */
public interface FeedSink {

	/** Writes the events; returns the payload bytes written (for the wire statistics). */
	long sendEvents(List<FeedEvent> events) throws IOException;

	/** Writes a gap notice; returns the payload bytes written. */
	long sendGap(Gap gap) throws IOException;

	void sendHeartbeat() throws IOException;

	/** The server ends the subscription; say why if the wire can, and close. */
	void close(EndReason reason);

	/** True when every send returns at once (see the class comment). */
	default boolean nonBlocking() {
		return false;
	}

	/** A non-blocking sink: false while the client has not taken the last write yet. */
	default boolean writable() {
		return true;
	}

	/** A non-blocking sink calls {@code wake} whenever it becomes writable again. */
	default void onWritable(Runnable wake) {
	}

	/**
	 * A non-blocking sink: true once it has waited for its client longer than it allows.
	 */
	default boolean stalled(long nowNanos) {
		return false;
	}

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
