package dev.transportlab.tools.client;

/**
 * One browser-like subscriber of a feed over one transport, made by {@link AsyncClients}:
 * it connects when started, reports to its {@link FeedListener}, and after a lost
 * connection comes back from where it was (SSE and fetch {@code Last-Event-ID}, WebSocket and
 * polling {@code ?after=&epoch=}) until closed. No thread waits on it.
 */
public interface FeedClient extends AutoCloseable {

	/** {@code sse}, {@code fetch}, {@code websocket}, {@code long-polling} or {@code polling}. */
	String transport();

	/** Connects (or starts polling) without blocking. */
	void start();

	/** Stops for good: the connection is dropped and never resumed. */
	@Override
	void close();

	/** Seq of the last event received (or the gap's resume point), -1 before any. */
	long lastSeq();

	/** Epoch of the feed as last seen, null before any event. */
	String epoch();

	/** HTTP requests made: one per poll, one per (re)connection of a stream. */
	long requests();

	/**
	 * Cuts the connection in progress (or loses the poll answer on its way), as a network
	 * would; the client comes back by itself if its options say so. False when there was
	 * nothing to cut.
	 */
	default boolean disconnect() {
		return false;
	}

	/** The WebSocket extension the server accepted ({@code Sec-WebSocket-Extensions}), "" if none. */
	default String extensions() {
		return "";
	}

}
