package dev.transportlab.tools.client;

import java.time.Duration;

/**
 * How one {@link FeedClient} behaves beyond its transport: whether it reconnects after a
 * lost connection and after what pause, and where it starts. The default is what the
 * load generator's clients do: reconnect after {@link AsyncClients.Settings#retry()},
 * resuming from what they received.
 *
 * @param reconnect come back after a lost connection or a failed request (false: one
 * connection, then the client stops, like a plain request)
 * @param retry the pause before coming back; null for the settings' retry and jitter
 * @param serverRetry SSE and fetch only: wait what the server's {@code retry:} says, as EventSource
 * does (3 s until it says something)
 * @param jitter each pause is {@code retry} x (1 +/- this), drawn anew each time
 * @param after polling: the {@code after} of the first request, as written (may be
 * malformed on purpose)
 * @param epoch polling: the {@code epoch} of the first request
 * @param lastEventId SSE and fetch: the {@code Last-Event-ID} of the first connection
 * @param origin WebSocket: the {@code Origin} header of the handshake
 * @param id polling: the {@code client} id the server counts pollers by (random if null)
 * @param token private feeds: how the token travels and where it comes from (null: none)
 */
public record ClientOptions(boolean reconnect, Duration retry, boolean serverRetry, double jitter, String after,
		String epoch, String lastEventId, String origin, String id, Token token) {

	/** EventSource's pause until the server says otherwise. */
	static final long EVENT_SOURCE_RETRY_MILLIS = 3000;

	public static ClientOptions defaults() {
		return new ClientOptions(true, null, false, 0, null, null, null, null, null, null);
	}

	/** One connection: when it ends (for polling, at the first failed request) the client stops. */
	public static ClientOptions once() {
		return defaults().withReconnect(false);
	}

	public ClientOptions withReconnect(boolean reconnect) {
		return new ClientOptions(reconnect, this.retry, this.serverRetry, this.jitter, this.after, this.epoch,
				this.lastEventId, this.origin, this.id, this.token);
	}

	/** Reconnects after {@code pause} x (1 +/- jitter). */
	public ClientOptions withRetry(Duration pause, double jitter) {
		return new ClientOptions(true, pause, false, jitter, this.after, this.epoch, this.lastEventId, this.origin,
				this.id, this.token);
	}

	/** Reconnects after what the server's {@code retry:} says (SSE), as EventSource does. */
	public ClientOptions withServerRetry() {
		return new ClientOptions(true, null, true, 0, this.after, this.epoch, this.lastEventId, this.origin, this.id, this.token);
	}

	public ClientOptions withStart(String after, String epoch) {
		return new ClientOptions(this.reconnect, this.retry, this.serverRetry, this.jitter, after, epoch,
				this.lastEventId, this.origin, this.id, this.token);
	}

	public ClientOptions withLastEventId(String lastEventId) {
		return new ClientOptions(this.reconnect, this.retry, this.serverRetry, this.jitter, this.after, this.epoch,
				lastEventId, this.origin, this.id, this.token);
	}

	public ClientOptions withOrigin(String origin) {
		return new ClientOptions(this.reconnect, this.retry, this.serverRetry, this.jitter, this.after, this.epoch,
				this.lastEventId, origin, this.id, this.token);
	}

	public ClientOptions withId(String id) {
		return new ClientOptions(this.reconnect, this.retry, this.serverRetry, this.jitter, this.after, this.epoch,
				this.lastEventId, this.origin, id, this.token);
	}

	/** Carries a token of a private feed, asking {@code token} for it at each connection. */
	public ClientOptions withToken(Token token) {
		return new ClientOptions(this.reconnect, this.retry, this.serverRetry, this.jitter, this.after, this.epoch,
				this.lastEventId, this.origin, this.id, token);
	}

}
