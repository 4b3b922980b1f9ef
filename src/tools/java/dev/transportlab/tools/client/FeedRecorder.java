package dev.transportlab.tools.client;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;

/**
 * The toolkit's clients seen from a test: one {@link FeedClient} of {@link AsyncClients}
 * and a listener ({@code Recording}) that records what it received, so a test can wait for it. Every event and
 * gap notice goes into a queue ({@link #take}) and a history ({@link #snapshot}) with its
 * receive time; SSE lines and frames, the HTTP answer, WebSocket close codes and how each
 * connection ended are kept too.
 * <pre>
 * try (FeedRecorder sse = FeedRecorder.sse(base + "/api/feeds/live/stream", null)) {
 *     assertThat(sse.take(3, Duration.ofSeconds(5))).hasSize(3);
 * }
 * </pre>
 */
public final class FeedRecorder implements AutoCloseable {

	/** How long the blocking factories wait for the first answer or handshake. */
	private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

	private final String name;

	private final Recording recording = new Recording();

	private volatile FeedClient client;

	private FeedRecorder(String name) {
		this.name = name;
	}

	/**
	 * A recorder on the client that {@code open} makes with the recorder's listener, started.
	 * @param name how assertions and logs call it
	 */
	public static FeedRecorder start(String name, Function<FeedListener, FeedClient> open) {
		FeedRecorder recorder = new FeedRecorder(name);
		recorder.client = open.apply(recorder.recording);
		recorder.client.start();
		return recorder;
	}

	/**
	 * One SSE connection without reconnecting, returned once the answer's headers came
	 * (any status: see {@link #status()}).
	 * @param lastEventId sent as {@code Last-Event-ID} when not null
	 */
	public static FeedRecorder sse(String url, String lastEventId) {
		ClientOptions options = ClientOptions.once().withLastEventId(lastEventId);
		FeedRecorder recorder = start("sse", listener -> AsyncClients.shared().sse(URI.create(url), options, listener));
		recorder.awaitAnswer();
		return recorder;
	}

	/**
	 * One fetch stream ({@code POST} with {@code {}}) without reconnecting, returned once
	 * the answer's headers came (any status).
	 * @param lastEventId sent as {@code Last-Event-ID} when not null
	 */
	public static FeedRecorder fetch(String url, String lastEventId) {
		ClientOptions options = ClientOptions.once().withLastEventId(lastEventId);
		FeedRecorder recorder = start("fetch",
				listener -> AsyncClients.shared().fetch(URI.create(url), options, listener));
		recorder.awaitAnswer();
		return recorder;
	}

	/**
	 * One WebSocket without reconnecting, returned once open.
	 * @param origin sent as {@code Origin} when not null
	 * @throws Refused when the server refused the handshake
	 */
	public static FeedRecorder webSocket(String url, String origin) {
		ClientOptions options = ClientOptions.once().withOrigin(origin);
		FeedRecorder recorder = start("websocket",
				listener -> AsyncClients.shared().webSocket(URI.create(url), options, listener));
		recorder.awaitAnswer();
		return recorder;
	}

	/**
	 * Polls {@code baseUrl/api/feeds/feed/events} in a loop, starting at {@code after} and
	 * {@code epoch} (either may be null), each next request from the previous answer; stops
	 * at the first failed request.
	 * @param waitSeconds 0 for short polling every {@code intervalMillis}, more for long polling
	 */
	public static FeedRecorder polling(String baseUrl, String feed, String after, String epoch, int waitSeconds,
			long intervalMillis) {
		ClientOptions options = ClientOptions.once().withStart(after, epoch);
		return start("polling", listener -> AsyncClients.shared()
			.polling(events(baseUrl, feed), waitSeconds, Duration.ofMillis(intervalMillis), options, listener));
	}

	/**
	 * SSE that reconnects as EventSource does, with {@code Last-Event-ID} = the last id of a
	 * whole frame, after {@code fixedReconnectMillis}, or, when that is negative, after
	 * what the server's {@code retry:} said.
	 */
	public static FeedRecorder reconnectingSse(String name, int port, String path, long fixedReconnectMillis) {
		ClientOptions options = (fixedReconnectMillis >= 0)
				? ClientOptions.defaults().withRetry(Duration.ofMillis(fixedReconnectMillis), 0)
				: ClientOptions.defaults().withServerRetry();
		URI uri = URI.create("http://127.0.0.1:" + port + path);
		return start(name, listener -> AsyncClients.shared().sse(uri, options, listener));
	}

	/** A WebSocket that reconnects with {@code ?after=&epoch=} after {@code reconnectMillis}. */
	public static FeedRecorder reconnectingWebSocket(String name, String url, long reconnectMillis) {
		return reconnectingWebSocket(name, url, reconnectMillis, 0);
	}

	/** As above; each pause is {@code reconnectMillis} x (1 +/- {@code jitter}). */
	public static FeedRecorder reconnectingWebSocket(String name, String url, long reconnectMillis, double jitter) {
		ClientOptions options = ClientOptions.defaults().withRetry(Duration.ofMillis(reconnectMillis), jitter);
		return start(name, listener -> AsyncClients.shared().webSocket(URI.create(url), options, listener));
	}

	/**
	 * Short ({@code waitSeconds} 0) or long polling that retries a failed request after
	 * {@code retryMillis}, with the cursor and epoch it had; sends {@code name} as its
	 * {@code client} id.
	 */
	public static FeedRecorder reconnectingPolling(String name, String baseUrl, String feed, int waitSeconds,
			long intervalMillis, long retryMillis) {
		return reconnectingPolling(name, baseUrl, feed, waitSeconds, intervalMillis, retryMillis, 0);
	}

	/** As above; each retry waits {@code retryMillis} x (1 +/- {@code jitter}). */
	public static FeedRecorder reconnectingPolling(String name, String baseUrl, String feed, int waitSeconds,
			long intervalMillis, long retryMillis, double jitter) {
		ClientOptions options = ClientOptions.defaults().withRetry(Duration.ofMillis(retryMillis), jitter).withId(name);
		return start(name, listener -> AsyncClients.shared()
			.polling(events(baseUrl, feed), waitSeconds, Duration.ofMillis(intervalMillis), options, listener));
	}

	private static URI events(String baseUrl, String feed) {
		return URI.create(baseUrl + "/api/feeds/" + feed + "/events");
	}

	private void awaitAnswer() {
		try {
			this.recording.answered().get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			close();
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof UpgradeException upgrade) {
					throw new Refused(upgrade.getResponseStatusCode(), upgrade);
				}
			}
			throw new IllegalStateException(this.name + " could not connect: " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			close();
			throw new IllegalStateException(this.name + ": no answer within " + OPEN_TIMEOUT, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	// what a test asks

	public String name() {
		return this.name;
	}

	public FeedClient client() {
		return this.client;
	}

	/** What came and was not taken yet, in order. */
	public BlockingQueue<FeedItem> items() {
		return this.recording.items();
	}

	/** Up to {@code count} items, waiting at most {@code timeout} for all of them. */
	public List<FeedItem> take(int count, Duration timeout) throws InterruptedException {
		return this.recording.take(count, timeout);
	}

	/** The next whole message's text (taken from {@link #items()}), or null after {@code timeout}. */
	public String nextText(Duration timeout) throws InterruptedException {
		return this.recording.nextText(timeout);
	}

	/** Everything received so far, events and gap notices, in order (taken or not). */
	public List<FeedItem> snapshot() {
		return this.recording.snapshot();
	}

	/** Seq of the newest event received, -1 before the first. */
	public long lastEventSeq() {
		return this.recording.lastEventSeq();
	}

	/** SSE: the lines so far, as they came. */
	public List<String> lines() {
		return this.recording.lines();
	}

	/** Forgets the lines so far (a long run keeps memory flat). */
	public void clearLines() {
		this.recording.clearLines();
	}

	/** SSE: the next whole frame with data (any event name), or null after {@code timeout}. */
	public SseFrames.Frame nextFrame(Duration timeout) throws InterruptedException {
		return this.recording.nextFrame(timeout);
	}

	/** The status of the last HTTP answer (0 before any). */
	public int status() {
		return this.recording.status();
	}

	/** A header of the last HTTP answer. */
	public Optional<String> header(String name) {
		return this.recording.header(name);
	}

	/** WebSocket: the code of the close frame, or -1 once the connection ended without one. */
	public CompletableFuture<Integer> closeCode() {
		return this.recording.closeCode();
	}

	public String closeReason() {
		return this.recording.closeReason();
	}

	/** A connection ended (or could not be made). */
	public boolean ended() {
		return this.recording.ended();
	}

	/** How each connection or request ended: "close 1001", "end of stream", "status 503", ... */
	public List<String> endings() {
		return this.recording.endings();
	}

	/** Connections made (SSE, WebSocket) or answers received (polling). */
	public int connections() {
		return this.recording.connections();
	}

	/** HTTP requests made: one per poll, one per connection of a stream. */
	public long requests() {
		return this.client.requests();
	}

	/** WebSocket: sends a text message. */
	public void send(String text) {
		webSocketClient().send(text);
	}

	/** WebSocket: sends a binary message. */
	public void sendBinary(byte[] bytes) {
		webSocketClient().sendBinary(ByteBuffer.wrap(bytes));
	}

	private WebSocketFeedClient webSocketClient() {
		if (this.client instanceof WebSocketFeedClient webSocket) {
			return webSocket;
		}
		throw new IllegalStateException(this.name + " is not a WebSocket");
	}

	/** Cuts the connection as a network would; see {@link FeedClient#disconnect()}. */
	public boolean disconnect() {
		return this.client.disconnect();
	}

	@Override
	public void close() {
		this.client.close();
	}

	@Override
	public String toString() {
		return this.name;
	}

	/** The server refused the connection (a WebSocket handshake answered with this status). */
	public static final class Refused extends RuntimeException {

		private final int status;

		Refused(int status, Throwable cause) {
			super("refused with HTTP " + status, cause);
			this.status = status;
		}

		public int status() {
			return this.status;
		}

	}

}
