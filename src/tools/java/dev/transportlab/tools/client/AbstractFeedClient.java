package dev.transportlab.tools.client;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the three clients share: the resume point (last seq and epoch, kept as a browser
 * page keeps it), reading an event or gap notice out of its text, and reconnecting after
 * a pause until closed. One connection at a time, so its callbacks never overlap.
 */
abstract class AbstractFeedClient implements FeedClient {

	final AsyncClients clients;

	final URI uri;

	final FeedListener listener;

	final ClientOptions options;

	private final AtomicLong requests = new AtomicLong();

	volatile boolean running;

	private volatile long lastSeq = -1;

	private volatile String epoch;

	AbstractFeedClient(AsyncClients clients, URI uri, ClientOptions options, FeedListener listener) {
		this.clients = clients;
		this.uri = uri;
		this.options = options;
		this.listener = listener;
		this.epoch = options.epoch();
	}

	/** Opens one connection (or sends one poll); calls {@link Attempt#ended} when it ends. */
	abstract void connect();

	/** Drops the connection in progress, if any; true if there was one. */
	abstract boolean abort();


	@Override
	public void start() {
		this.running = true;
		connect();
	}

	@Override
	public void close() {
		this.running = false;
		abort();
	}

	@Override
	public boolean disconnect() {
		return abort();
	}

	@Override
	public long lastSeq() {
		return this.lastSeq;
	}

	@Override
	public String epoch() {
		return this.epoch;
	}

	@Override
	public long requests() {
		return this.requests.get();
	}

	/** The feed's epoch as an answer states it (a poll's {@code epoch}). */
	void epoch(String epoch) {
		if (epoch != null) {
			this.epoch = epoch;
		}
	}

	void requested() {
		this.requests.incrementAndGet();
	}

	/** The pause before the next reconnect: the client's own retry, else the settings'. */
	long pauseMillis() {
		return (this.options.retry() != null)
				? AsyncClients.Settings.jittered(this.options.retry().toMillis(), this.options.jitter())
				: this.clients.settings().pauseMillis();
	}

	/** The token for the next request (asked anew each time), null without one. */
	String token() {
		return (this.options.token() != null) ? this.options.token().source().get() : null;
	}

	/** {@code url} with the token when it travels in the query. */
	String withToken(String url, String token) {
		return (this.options.token() != null) ? this.options.token().url(url, token) : url;
	}

	/** Adds the token's header (Authorization or Cookie) when it travels in one. */
	void tokenHeaders(String token, java.util.function.BiConsumer<String, String> header) {
		if (this.options.token() != null) {
			this.options.token().headers(token, header);
		}
	}

	/** {@code after=N&epoch=E} once something was received, for a resuming URL. */
	String resumeQuery() {
		String epoch = this.epoch;
		return (this.lastSeq >= 0 && epoch != null) ? "after=" + this.lastSeq + "&epoch=" + epoch : null;
	}

	/** One event or gap notice, as text: remembers the resume point and tells the listener. */
	void dispatch(String text, long receivedMicros) {
		this.listener.text(this, text, receivedMicros);
		if (EventText.isGap(text)) {
			long missed = EventText.number(text, "\"missed\":", 0);
			long resumeAfter = EventText.number(text, "\"resumeAfter\":", 0);
			String epoch = EventText.string(text, "\"epoch\":\"", 0);
			if (epoch != null) {
				this.epoch = epoch;
			}
			if (resumeAfter != EventText.MISSING) {
				this.lastSeq = resumeAfter;
			}
			this.listener.gap(missed == EventText.MISSING ? -1 : missed, resumeAfter, text);
			return;
		}
		long seq = EventText.number(text, "\"seq\":", 0);
		long ts = EventText.number(text, "\"ts\":", 0);
		if (seq == EventText.MISSING || ts == EventText.MISSING) {
			return; // not an event (a notice the caller does not count)
		}
		if (this.epoch == null) {
			this.epoch = EventText.string(text, "\"epoch\":\"", 0);
		}
		this.lastSeq = seq;
		this.listener.event(seq, ts, text, receivedMicros);
	}

	/** One connection attempt: reports its end once, then reconnects after the pause. */
	final class Attempt {

		private final AtomicBoolean ended = new AtomicBoolean();

		private volatile boolean open;

		void opened() {
			this.open = true;
			AbstractFeedClient.this.listener.opened(AbstractFeedClient.this);
		}

		boolean isOpen() {
			return this.open;
		}

		boolean isEnded() {
			return this.ended.get();
		}

		void ended(Throwable error) {
			if (!this.ended.compareAndSet(false, true)) {
				return;
			}
			AbstractFeedClient client = AbstractFeedClient.this;
			if (this.open) {
				client.listener.closed(client, client.running ? error : null);
			}
			else if (client.running) {
				client.listener.failed(client, error);
			}
			if (client.running && !client.options.reconnect()) {
				client.running = false; // one connection only: it ended
			}
			if (client.running) {
				client.clients.schedule(() -> {
					if (client.running) {
						client.connect();
					}
				}, client.pauseMillis());
			}
		}

	}

}
