package dev.transportlab.tools.client;

import org.eclipse.jetty.http.HttpFields;

/**
 * What a {@link FeedClient} reports, on its I/O threads: keep each call short and never
 * block in it (thousands of clients share a few threads).
 */
public interface FeedListener {

	/** A connection (SSE stream, WebSocket) is open, or a poll was answered for the first time. */
	default void opened(FeedClient client) {
	}

	/**
	 * One event.
	 * @param seq the event's {@code seq}
	 * @param ts the event's server time, epoch microseconds
	 * @param raw the event's JSON text as received (after decompression)
	 * @param receivedMicros this host's clock when the bytes arrived, epoch microseconds
	 */
	void event(long seq, long ts, String raw, long receivedMicros);

	/**
	 * The server said that events were missed ({@code missed} = -1 when it cannot know,
	 * e.g. another epoch); the stream goes on after {@code resumeAfter}.
	 */
	default void gap(long missed, long resumeAfter, String raw) {
	}

	/**
	 * An open connection ended ({@code error} null when it was closed cleanly, by either
	 * side). The client reconnects by itself, resuming, unless it was closed.
	 */
	default void closed(FeedClient client, Throwable error) {
	}

	/** A connection could not be made (refused, timed out, non-200); the client tries again. */
	default void failed(FeedClient client, Throwable error) {
	}

	/**
	 * Every text the client received as one unit (a WebSocket message, the data of an SSE
	 * event or gap frame, one element of a poll's answer), before it is read as an event
	 * or a gap: for tests that look at everything that came.
	 */
	default void text(FeedClient client, String text, long receivedMicros) {
	}

	/** The status and headers of an HTTP answer (an SSE stream's, or each poll's). */
	default void response(FeedClient client, int status, HttpFields headers) {
	}

	/** SSE: each line as it came (without its line end), comments and fields alike. */
	default void sseLine(FeedClient client, String line) {
	}

	/** SSE: each whole frame, whatever its event name (shutdown notices too). */
	default void sseFrame(FeedClient client, SseFrames.Frame frame) {
	}

	/** WebSocket: the close frame's code and reason, before {@link #closed}. */
	default void webSocketClose(FeedClient client, int statusCode, String reason) {
	}

}
