package dev.transportlab.tools.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real clients for the tests, one per transport, all reporting what arrives as
 * {@link Item}s: an event (seq, ts) or a gap notice. Each one is written the way a
 * browser-less client would be: JDK HttpClient for polling and SSE, java.net.http
 * WebSocket for WebSocket.
 */
public final class TestClients {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private TestClients() {
	}

	/** One thing a client received: an event or a gap notice, with its local receive time. */
	public record Item(long seq, long ts, String epoch, JsonNode gap, long receivedMicros, String raw) {

		public boolean isGap() {
			return this.gap != null;
		}

		/** "151" for an event, "gap:expired:40:50" for a gap (reason, missed, resumeAfter). */
		public String describe() {
			if (this.gap == null) {
				return Long.toString(this.seq);
			}
			JsonNode missed = this.gap.get("missed");
			return "gap:" + this.gap.get("reason").asString() + ":"
					+ (missed == null || missed.isNull() ? "?" : missed.asString()) + ":"
					+ this.gap.get("resumeAfter").asString();
		}

		public static Item parse(String json) {
			long now = nowMicros();
			JsonNode node = JSON.readTree(json);
			if ("gap".equals(node.path("type").asString(null))) {
				return new Item(-1, 0, node.path("epoch").asString(null), node, now, json);
			}
			return new Item(node.path("seq").asLong(), node.path("ts").asLong(), node.path("epoch").asString(null), null,
					now, json);
		}

	}

	public static JsonNode parse(String text) {
		return JSON.readTree(text);
	}

	/** GET with the status and the body as text. */
	public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Any method, with a JSON body when one is given. */
	public static HttpResponse<String> send(String method, String url, String jsonBody)
			throws IOException, InterruptedException {
		HttpRequest.BodyPublisher body = (jsonBody != null) ? HttpRequest.BodyPublishers.ofString(jsonBody)
				: HttpRequest.BodyPublishers.noBody();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, body);
		if (jsonBody != null) {
			request.header("Content-Type", "application/json");
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	public static long nowMicros() {
		java.time.Instant now = java.time.Instant.now();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
	}

	/** Something that follows a feed and hands over what it received. */
	public interface FeedClient extends AutoCloseable {

		BlockingQueue<Item> items();

		/** Up to {@code count} items, waiting at most {@code timeout} for all of them. */
		default List<Item> take(int count, Duration timeout) throws InterruptedException {
			List<Item> taken = new ArrayList<>();
			long deadline = System.nanoTime() + timeout.toNanos();
			while (taken.size() < count) {
				Item item = items().poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (item == null) {
					break;
				}
				taken.add(item);
			}
			return taken;
		}

		@Override
		void close();

	}

	/** Polls in a loop: after=next each time, with the epoch of the last answer. */
	public static final class PollingClient implements FeedClient {

		private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();

		private final Thread thread;

		private volatile boolean closed;

		public volatile int requests;

		public PollingClient(String baseUrl, String feed, String after, String epoch, int waitSeconds,
				long intervalMillis) {
			this.thread = Threads.start(() -> {
				String cursor = after;
				String currentEpoch = epoch;
				while (!this.closed) {
					StringBuilder url = new StringBuilder(baseUrl).append("/api/feeds/").append(feed)
						.append("/events?wait=").append(waitSeconds);
					if (cursor != null) {
						url.append("&after=").append(cursor);
					}
					if (currentEpoch != null) {
						url.append("&epoch=").append(currentEpoch);
					}
					try {
						HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url.toString())).build(),
								HttpResponse.BodyHandlers.ofString());
						this.requests++;
						long now = nowMicros();
						JsonNode body = JSON.readTree(response.body());
						if (response.statusCode() != 200) {
							throw new IllegalStateException(response.statusCode() + " " + response.body());
						}
						if (body.has("gap")) {
							JsonNode gap = body.get("gap");
							this.items.add(new Item(-1, 0, gap.get("epoch").asString(), gap, now, gap.toString()));
						}
						for (JsonNode event : body.get("events")) {
							this.items.add(new Item(event.get("seq").asLong(), event.get("ts").asLong(),
									event.get("epoch").asString(), null, now, event.toString()));
						}
						cursor = body.get("next").asString();
						currentEpoch = body.get("epoch").asString();
						if (intervalMillis > 0) {
							Thread.sleep(intervalMillis);
						}
					}
					catch (InterruptedException ex) {
						return;
					}
					catch (Exception ex) {
						if (!this.closed) {
							throw new IllegalStateException(ex);
						}
					}
				}
			});
		}

		@Override
		public BlockingQueue<Item> items() {
			return this.items;
		}

		@Override
		public void close() {
			this.closed = true;
			this.thread.interrupt();
		}

	}

	/** Reads the SSE text format line by line, as EventSource does. */
	public static final class SseClient implements FeedClient {

		private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();

		private final BlockingQueue<SseFrames.Frame> frames = new LinkedBlockingQueue<>();

		public final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

		private volatile boolean ended;

		public final HttpResponse<java.io.InputStream> response;

		private final Thread thread;

		public SseClient(String url, String lastEventId) throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
			if (lastEventId != null) {
				request.header("Last-Event-ID", lastEventId);
			}
			this.response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			this.thread = Threads.start(this::read);
		}

		private void read() {
			SseFrames parser = new SseFrames();
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.response.body(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					this.lines.add(line);
					SseFrames.Frame frame = parser.line(line);
					if (frame != null && frame.data() != null) {
						this.frames.add(frame);
						if (frame.isFeedItem()) {
							this.items.add(Item.parse(frame.data()));
						}
					}
				}
			}
			catch (IOException ex) {
				// closed
			}
			this.ended = true;
		}

		public int status() {
			return this.response.statusCode();
		}

		/** The next whole frame (any event name), or null after {@code timeout}. */
		public SseFrames.Frame nextFrame(Duration timeout) throws InterruptedException {
			return this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		/** The server ended the stream, or it was closed. */
		public boolean ended() {
			return this.ended;
		}

		@Override
		public BlockingQueue<Item> items() {
			return this.items;
		}

		@Override
		public void close() {
			try {
				this.response.body().close();
			}
			catch (IOException ex) {
				// ignore
			}
			this.thread.interrupt();
		}

	}

	/** java.net.http.WebSocket: collects text frames; remembers how the server closed. */
	public static final class WsClient implements FeedClient, WebSocket.Listener {

		private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();

		public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

		public volatile String closeReason;

		public final WebSocket socket;

		private final StringBuilder partial = new StringBuilder();

		public WsClient(String url, String origin) {
			WebSocket.Builder builder = HTTP.newWebSocketBuilder();
			if (origin != null) {
				builder.header("Origin", origin);
			}
			this.socket = builder.buildAsync(URI.create(url), this).join();
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.items.add(Item.parse(this.partial.toString()));
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeReason = reason;
			this.closeCode.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closeCode.complete(-1);
		}

		public void send(String text) {
			this.socket.sendText(text, true).join();
		}

		/** The next whole text message as it came, or null after {@code timeout}. */
		public String nextText(Duration timeout) throws InterruptedException {
			Item item = this.items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return (item != null) ? item.raw() : null;
		}

		/** Drops the connection without a closing handshake, like a lost network. */
		public void drop() {
			this.socket.abort();
		}

		@Override
		public BlockingQueue<Item> items() {
			return this.items;
		}

		@Override
		public void close() {
			if (!this.socket.isOutputClosed()) {
				this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
			}
			this.socket.abort();
		}

	}

}
