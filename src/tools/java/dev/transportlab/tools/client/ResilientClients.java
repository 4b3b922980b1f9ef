package dev.transportlab.tools.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.transportlab.tools.client.TestClients.Item;

import tools.jackson.databind.JsonNode;

/**
 * Clients that recover the way a careful real client does, one per transport: polling
 * retries after a connection error with the cursor and epoch it had; SSE reconnects with
 * {@code Last-Event-ID} = the last id it dispatched (as EventSource); WebSocket reconnects
 * with {@code ?after=lastSeq&epoch=lastEpoch}. Each can be cut at any moment with
 * {@link ResilientClient#disconnect()} and keeps a log of how its connections ended.
 */
public final class ResilientClients {

	private ResilientClients() {
	}

	public interface ResilientClient extends AutoCloseable {

		String name();

		/** Everything received, in order: events and gap notices. */
		List<Item> items();

		/**
		 * Aborts the current connection (or loses the answer in flight); the client recovers
		 * by itself. False when there was nothing to cut (it was between connections).
		 */
		boolean disconnect();

		/** How each connection or request ended, for assertions and diagnostics. */
		List<String> endings();

		/** Connections made (SSE, WebSocket) or answers received (polling). */
		int connections();

		@Override
		void close();

		/** Seq of the newest event received, -1 before the first. */
		default long lastEventSeq() {
			List<Item> items = items();
			synchronized (items) {
				for (int i = items.size() - 1; i >= 0; i--) {
					if (!items.get(i).isGap()) {
						return items.get(i).seq();
					}
				}
			}
			return -1;
		}

		/** Snapshot of the items. */
		default List<Item> snapshot() {
			List<Item> items = items();
			synchronized (items) {
				return new ArrayList<>(items);
			}
		}

	}

	private abstract static class Base implements ResilientClient {

		public final String name;

		final List<Item> items = Collections.synchronizedList(new ArrayList<>());

		final List<String> endings = Collections.synchronizedList(new ArrayList<>());

		final AtomicInteger connections = new AtomicInteger();

		volatile boolean closed;

		public Thread thread;

		public Base(String name) {
			this.name = name;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public List<Item> items() {
			return this.items;
		}

		@Override
		public List<String> endings() {
			return this.endings;
		}

		@Override
		public int connections() {
			return this.connections.get();
		}

		/**
		 * {@code millis} x (1 +/- jitter), drawn anew each time: clients that lost their
		 * server at the same instant do not all come back in the same instant.
		 */
		public static long jittered(long millis, double jitter) {
			return Math.round(millis * (1 + jitter * (2 * java.util.concurrent.ThreadLocalRandom.current().nextDouble() - 1)));
		}

		public void pause(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public void close() {
			this.closed = true;
			if (this.thread != null) {
				this.thread.interrupt();
			}
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** Short polling ({@code wait=0}, a pause between requests) or long polling ({@code wait>0}). */
	public static final class Polling extends Base {

		private final HttpClient http;

		private final long retryMillis;

		private volatile CompletableFuture<HttpResponse<String>> inFlight;

		private final AtomicBoolean loseNextAnswer = new AtomicBoolean();

		private volatile String cursor;

		private volatile String epoch;

		private final double retryJitter;

		public Polling(String name, HttpClient http, String baseUrl, String feed, int waitSeconds, long intervalMillis,
				long retryMillis) {
			this(name, http, baseUrl, feed, waitSeconds, intervalMillis, retryMillis, 0);
		}

		/** @param retryJitter the retry after an error is retryMillis x (1 +/- this) */
		public Polling(String name, HttpClient http, String baseUrl, String feed, int waitSeconds, long intervalMillis,
				long retryMillis, double retryJitter) {
			super(name);
			this.http = http;
			this.retryMillis = retryMillis;
			this.retryJitter = retryJitter;
			this.thread = Threads.start(name, () -> run(baseUrl, feed, waitSeconds, intervalMillis));
		}

		private void run(String baseUrl, String feed, int waitSeconds, long intervalMillis) {
			while (!this.closed) {
				StringBuilder url = new StringBuilder(baseUrl).append("/api/feeds/").append(feed)
					.append("/events?wait=").append(waitSeconds).append("&client=").append(this.name);
				if (this.cursor != null) {
					url.append("&after=").append(this.cursor);
				}
				if (this.epoch != null) {
					url.append("&epoch=").append(URLEncoder.encode(this.epoch, StandardCharsets.UTF_8));
				}
				CompletableFuture<HttpResponse<String>> exchange = this.http.sendAsync(
						HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(waitSeconds + 15)).build(),
						HttpResponse.BodyHandlers.ofString());
				this.inFlight = exchange;
				HttpResponse<String> response;
				try {
					response = exchange.get(waitSeconds + 20, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					exchange.cancel(true);
					return;
				}
				catch (CancellationException ex) {
					this.endings.add("aborted in flight");
					pause(jittered(this.retryMillis, this.retryJitter));
					continue;
				}
				catch (ExecutionException | TimeoutException ex) {
					exchange.cancel(true);
					Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
					this.endings.add(cause instanceof CancellationException ? "aborted in flight"
							: "error " + cause.getClass().getSimpleName());
					pause(jittered(this.retryMillis, this.retryJitter));
					continue;
				}
				finally {
					this.inFlight = null;
				}
				if (this.loseNextAnswer.getAndSet(false)) {
					// cut after the server answered, before the client read it: the answer is lost
					this.endings.add("answer lost");
					pause(jittered(this.retryMillis, this.retryJitter));
					continue;
				}
				if (response.statusCode() != 200) {
					this.endings.add("status " + response.statusCode());
					pause(jittered(this.retryMillis, this.retryJitter));
					continue;
				}
				this.connections.incrementAndGet();
				long now = TestClients.nowMicros();
				JsonNode body = TestClients.JSON.readTree(response.body());
				if (body.has("gap")) {
					JsonNode gap = body.get("gap");
					this.items.add(new Item(-1, 0, gap.get("epoch").asString(), gap, now, gap.toString()));
				}
				for (JsonNode event : body.get("events")) {
					this.items.add(new Item(event.get("seq").asLong(), event.get("ts").asLong(),
							event.get("epoch").asString(), null, now, event.toString()));
				}
				this.cursor = body.get("next").asString();
				this.epoch = body.get("epoch").asString();
				if (intervalMillis > 0) {
					pause(intervalMillis);
				}
			}
		}

		@Override
		public boolean disconnect() {
			CompletableFuture<HttpResponse<String>> exchange = this.inFlight;
			// JDK HttpClient aborts the exchange (closes its connection) when its future is cancelled
			if (exchange == null || !exchange.cancel(true)) {
				this.loseNextAnswer.set(true);
			}
			return true;
		}

	}

	/**
	 * SSE over a plain socket, parsed as EventSource does: fields accumulate, a blank line
	 * dispatches, and only a dispatched block moves the last event id (a block cut in half
	 * is dropped and comes again after the reconnect).
	 */
	public static final class Sse extends Base {

		private final int port;

		private final String path;

		private final long fixedReconnectMillis;

		private volatile RawHttp current;

		private volatile String lastEventId;

		private volatile long retryMillis = 3000; // EventSource's default until the server says otherwise

		/** @param fixedReconnectMillis reconnect delay; negative to honour the server's {@code retry:} */
		public Sse(String name, int port, String path, long fixedReconnectMillis) {
			super(name);
			this.port = port;
			this.path = path;
			this.fixedReconnectMillis = fixedReconnectMillis;
			this.thread = Threads.start(name, this::run);
		}

		public String lastEventId() {
			return this.lastEventId;
		}

		private void run() {
			while (!this.closed) {
				String headers = "Accept: text/event-stream"
						+ (this.lastEventId != null ? "\r\nLast-Event-ID: " + this.lastEventId : "");
				try (RawHttp http = RawHttp.get(this.port, this.path, headers, 0, 0)) {
					this.current = http;
					if (this.closed) {
						return;
					}
					this.connections.incrementAndGet();
					if (http.status != 200) {
						this.endings.add("status " + http.status);
					}
					else {
						this.endings.add(read(http.body));
					}
				}
				catch (IOException ex) {
					this.endings.add("error " + ex.getClass().getSimpleName());
				}
				finally {
					this.current = null;
				}
				pause(this.fixedReconnectMillis >= 0 ? this.fixedReconnectMillis : this.retryMillis);
			}
		}

		/** Reads one stream to its end; says how it ended. */
		private String read(InputStream body) throws IOException {
			SseFrames parser = new SseFrames();
			boolean shutdownNotice = false;
			String line;
			while ((line = RawHttp.readLine(body)) != null) {
				SseFrames.Frame frame = parser.line(line);
				if (frame == null) {
					continue;
				}
				if (frame.id() != null) {
					this.lastEventId = frame.id();
				}
				if (frame.retry() != null) {
					this.retryMillis = frame.retry();
				}
				if (frame.isFeedItem()) {
					this.items.add(Item.parse(frame.data()));
				}
				else if ("shutdown".equals(frame.event())) {
					shutdownNotice = true;
				}
				else if (frame.data() != null) {
					this.endings.add("event " + frame.event());
				}
			}
			return shutdownNotice ? "shutdown notice, then end" : "end of stream";
		}

		@Override
		public boolean disconnect() {
			RawHttp http = this.current;
			if (http == null || http.socket.isClosed()) {
				return false;
			}
			http.abort();
			return true;
		}

		@Override
		public void close() {
			super.close();
			disconnect();
		}

	}

	/** java.net.http WebSocket; a new socket with {@code ?after=&epoch=} after each end. */
	public static final class Ws extends Base {

		private final HttpClient http;

		private final String baseUrl;

		private final long reconnectMillis;

		private final Object lock = new Object();

		private volatile Connection current;

		private long lastSeq = -1;

		private String lastEpoch;

		private final double reconnectJitter;

		public Ws(String name, HttpClient http, String baseUrl, long reconnectMillis) {
			this(name, http, baseUrl, reconnectMillis, 0);
		}

		/** @param reconnectJitter each reconnect waits reconnectMillis x (1 +/- this) */
		public Ws(String name, HttpClient http, String baseUrl, long reconnectMillis, double reconnectJitter) {
			super(name);
			this.http = http;
			this.baseUrl = baseUrl;
			this.reconnectMillis = reconnectMillis;
			this.reconnectJitter = reconnectJitter;
			this.thread = Threads.start(name, this::run);
		}

		private void run() {
			while (!this.closed) {
				String url;
				synchronized (this.lock) {
					url = this.lastSeq < 0 ? this.baseUrl
							: this.baseUrl + "?after=" + this.lastSeq + "&epoch=" + this.lastEpoch;
				}
				Connection connection = new Connection();
				this.current = connection;
				try {
					this.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
						.buildAsync(URI.create(url), connection)
						.get(10, TimeUnit.SECONDS);
					this.connections.incrementAndGet();
					this.endings.add(connection.ended.get());
				}
				catch (InterruptedException ex) {
					connection.abort();
					return;
				}
				catch (ExecutionException | TimeoutException ex) {
					Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
					this.endings.add("error " + cause.getClass().getSimpleName());
				}
				pause(jittered(this.reconnectMillis, this.reconnectJitter));
			}
		}

		@Override
		public boolean disconnect() {
			Connection connection = this.current;
			return connection != null && connection.abort();
		}

		@Override
		public void close() {
			super.close();
			disconnect();
		}

		/** One socket's listener; after an abort it ignores whatever is still on its way. */
		private final class Connection implements WebSocket.Listener {

			final CompletableFuture<String> ended = new CompletableFuture<>();

			private final StringBuilder partial = new StringBuilder();

			private volatile WebSocket socket;

			private boolean active = true;

			@Override
			public void onOpen(WebSocket webSocket) {
				this.socket = webSocket;
				synchronized (Ws.this.lock) {
					if (!this.active) { // aborted while connecting
						webSocket.abort();
						return;
					}
				}
				webSocket.request(1);
			}

			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				this.partial.append(data);
				if (last) {
					Item item = Item.parse(this.partial.toString());
					this.partial.setLength(0);
					synchronized (Ws.this.lock) {
						if (!this.active) {
							return null;
						}
						Ws.this.items.add(item);
						Ws.this.lastSeq = item.isGap() ? item.gap().get("resumeAfter").asLong() : item.seq();
						Ws.this.lastEpoch = item.epoch();
					}
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				this.ended.complete("close " + statusCode);
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				this.ended.complete("error " + error.getClass().getSimpleName());
			}

			/** True if it cut an open socket. */
			boolean abort() {
				boolean wasActive;
				synchronized (Ws.this.lock) {
					wasActive = this.active;
					this.active = false;
				}
				WebSocket socket = this.socket;
				boolean live = wasActive && socket != null && !this.ended.isDone();
				if (socket != null) {
					socket.abort();
				}
				this.ended.complete("aborted by client");
				return live;
			}

		}

	}

}
