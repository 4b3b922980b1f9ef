package dev.transportlab.transport.websocket;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import dev.transportlab.feed.DaemonThreads;
import dev.transportlab.feed.FeedEvent;
import dev.transportlab.feed.Gap;
import dev.transportlab.transport.NonBlockingOutput;
import dev.transportlab.transport.NonBlockingSink;

/**
 * One WebSocket connection of the direct engine: the connection Tomcat hands over after
 * the 101 answer, read and written without blocking. Events go out as the shared frames
 * of {@link WebSocketFrames} (one write each, no per-connection encoding or compression);
 * what the client sends (resume requests, given to {@code onText}, pings, a close) is
 * read by a {@link ClientFrameReader}, which closes on anything else.
 */
public final class FeedSocket extends NonBlockingSink implements HttpUpgradeHandler, ReadListener, WriteListener {

	/** Closes connections whose client does not answer our close frame in time. */
	private static final ScheduledExecutorService CLOSER = Executors
		.newSingleThreadScheduledExecutor(DaemonThreads.named("websocket-closer"));

	private static final WebSocketFrames FRAMES = new WebSocketFrames();

	private static final byte[] PING = WebSocketFrames.frame(WebSocketFrames.PING, false, new byte[0]);

	private static final long CLOSE_WAIT_SECONDS = 3;

	private Settings settings;

	private WebConnection connection;

	private ServletInputStream in;

	/** The container called onWritePossible once: the feed may write. */
	private volatile boolean opened;

	private volatile boolean closeSent;

	private volatile boolean closed;

	/** Parses what the client sends; touched only by the container's read callbacks. */
	private ClientFrameReader reader;

	private final byte[] readBuffer = new byte[512];

	/**
	 * What the handshake decided: deflate agreed or not, the size limit for client
	 * messages, the stall limit, and what to do with a text message and with the end.
	 */
	record Settings(boolean deflate, int maxMessageBytes, long stallNanos, Consumer<String> onText, Runnable onEnd,
			Consumer<FeedSocket> onOpen) {
	}

	/** Tomcat makes the instance; the handshake gives it its settings before init. */
	public FeedSocket() {
	}

	void configure(Settings settings) {
		this.settings = settings;
		this.reader = new ClientFrameReader(settings.deflate(), settings.maxMessageBytes(), settings.onText(),
				new ClientFrameReader.Handler() {

					@Override
					public void ping(byte[] data) throws IOException {
						control(WebSocketFrames.frame(WebSocketFrames.PONG, false, data));
					}

					@Override
					public void close(int code) throws IOException {
						closeReceived(code);
					}

					@Override
					public void fail(int code, String reason) {
						closeWith(code, reason);
					}

				});
	}

	@Override
	public void init(WebConnection connection) {
		this.connection = connection;
		try {
			this.in = connection.getInputStream();
			out(new NonBlockingOutput(connection.getOutputStream()));
			this.in.setReadListener(this);
			connection.getOutputStream().setWriteListener(this);
		}
		catch (IOException ex) {
			abort();
		}
	}

	@Override
	public void destroy() {
		synchronized (this) {
			// the container recycles the streams: never touch them again
			this.closed = true;
		}
		end();
	}

	// ---- writing ----

	@Override
	public void onWritePossible() throws IOException {
		boolean first;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			first = !this.opened;
			this.opened = true;
			out().writable(); // sends what waited (a pong, a close)
		}
		if (first) {
			// subscribes: the feed may write from now
			this.settings.onOpen().accept(this);
		}
		wake();
	}

	@Override
	protected boolean open() {
		return this.opened && !this.closeSent && !this.closed;
	}

	@Override
	protected long stallNanos() {
		return this.settings.stallNanos();
	}

	@Override
	public long sendEvents(List<FeedEvent> events) throws IOException {
		write(FRAMES.events(events, this.settings.deflate()));
		long bytes = 0;
		for (FeedEvent event : events) {
			bytes += event.utf8().length;
		}
		return bytes;
	}

	@Override
	public long sendGap(Gap gap) throws IOException {
		String json = gap.json();
		write(FRAMES.text(json, this.settings.deflate()));
		return json.length();
	}

	@Override
	public void sendHeartbeat() throws IOException {
		write(PING);
	}

	@Override
	public void close(EndReason reason) {
		switch (reason) {
			case SHUTDOWN -> closeWith(1001, "server shutting down");
			case FEED_REMOVED -> closeWith(1001, "feed removed");
			// private feed: the client gets a fresh token and resumes
			case AUTH_EXPIRED -> closeWith(4001, "token expired");
			// it takes no writes: a close frame would not reach it
			case WRITE_FAILED -> abort();
		}
	}

	/** Sends a close frame (after what waits to be written) and waits for the answer. */
	synchronized void closeWith(int code, String reason) {
		if (this.closeSent || this.closed) {
			return;
		}
		this.closeSent = true;
		try {
			if (out() != null) {
				out().write(WebSocketFrames.close(code, reason));
			}
		}
		catch (IOException ex) {
			abort();
			return;
		}
		CLOSER.schedule(this::abort, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
	}

	private synchronized void write(byte[] frame) throws IOException {
		if (this.closed) {
			throw new IOException("the connection has ended");
		}
		if (!this.closeSent) {
			out().write(frame);
		}
	}

	/** A control frame from the read side (pong): now, or after what waits. */
	private synchronized void control(byte[] frame) throws IOException {
		if (!this.closeSent && !this.closed) {
			out().write(frame);
		}
	}

	@Override
	public void onDataAvailable() throws IOException {
		while (!this.closed && this.in.isReady()) {
			int n = this.in.read(this.readBuffer);
			if (n < 0) {
				abort();
				return;
			}
			for (int at = 0; at < n && !this.closed && !this.reader.failed();) {
				at = this.reader.consume(this.readBuffer, at, n);
			}
		}
	}

	@Override
	public void onAllDataRead() {
		abort();
	}

	@Override
	public void onError(Throwable ex) {
		abort();
	}

	/** The client closes: answer with its code (RFC 6455 5.5.1), then hang up. */
	private void closeReceived(int code) throws IOException {
		synchronized (this) {
			if (!this.closeSent && !this.closed) {
				this.closeSent = true;
				out().write(WebSocketFrames.close(code, ""));
				out().writable();
			}
		}
		abort();
	}

	/** Ends the connection at once, without a close handshake. */
	void abort() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			try {
				this.connection.close();
			}
			catch (Exception ex) {
				// gone already
			}
		}
		end();
	}

	private void end() {
		Runnable onEnd = this.settings == null ? null : this.settings.onEnd();
		if (onEnd != null) {
			onEnd.run();
		}
	}

}
