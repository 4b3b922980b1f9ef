package dev.transportlab.tools.client;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real clients for following a feed in tests: the JDK's HttpClient for polling and SSE,
 * java.net.http.WebSocket for WebSocket. Each delivers what arrives as parsed JSON.
 */
public final class FeedClients {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private FeedClients() {
	}

	public static JsonNode parse(String text) {
		return JSON.readTree(text);
	}

	/** One SSE frame: its id, event name (null for plain events) and data. */
	public record SseFrame(String id, String event, String data) {
	}

	/** An SSE connection read on a virtual thread; {@link #close()} drops it mid-stream. */
	public static final class Sse implements AutoCloseable {

		final BlockingQueue<SseFrame> frames = new LinkedBlockingQueue<>();

		public final int status;

		private final InputStream body;

		private volatile boolean ended;

		public Sse(String url, String lastEventId) throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
			if (lastEventId != null) {
				request.header("Last-Event-ID", lastEventId);
			}
			HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			this.status = response.statusCode();
			this.body = response.body();
			Threads.start(this::read);
		}

		private void read() {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(this.body, StandardCharsets.UTF_8))) {
				String id = null;
				String event = null;
				StringBuilder data = null;
				String line;
				while ((line = reader.readLine()) != null) {
					if (line.isEmpty()) {
						if (data != null) {
							this.frames.add(new SseFrame(id, event, data.toString()));
						}
						id = null;
						event = null;
						data = null;
					}
					else if (line.startsWith("id: ")) {
						id = line.substring(4);
					}
					else if (line.startsWith("event: ")) {
						event = line.substring(7);
					}
					else if (line.startsWith("data: ")) {
						data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(6));
					}
				}
			}
			catch (Exception ex) {
				// closed by us or by the server
			}
			this.ended = true;
		}

		public SseFrame next(Duration timeout) throws InterruptedException {
			return this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		public boolean ended() {
			return this.ended;
		}

		@Override
		public void close() throws Exception {
			this.body.close();
		}

	}

	/** A WebSocket whose text messages (whole, not partial) land in a queue. */
	public static final class Ws implements WebSocket.Listener, AutoCloseable {

		final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

		public volatile Integer closeCode;

		private final StringBuilder partial = new StringBuilder();

		private final WebSocket socket;

		public Ws(String url) throws Exception {
			this.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), this).get(5, TimeUnit.SECONDS);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.messages.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeCode = statusCode;
			return null;
		}

		public String next(Duration timeout) throws InterruptedException {
			return this.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		public void send(String text) {
			this.socket.sendText(text, true).join();
		}

		/** Drops the connection without a closing handshake, like a lost network. */
		public void drop() {
			this.socket.abort();
		}

		@Override
		public void close() {
			this.socket.abort();
		}

	}

	/** GET with the status and the body as text. */
	public static HttpResponse<String> get(String url) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	public static HttpResponse<String> send(String method, String url, String jsonBody) throws Exception {
		HttpRequest.BodyPublisher body = jsonBody == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(jsonBody);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, body);
		if (jsonBody != null) {
			request.header("Content-Type", "application/json");
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
