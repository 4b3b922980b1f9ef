package dev.transportlab.tools.client;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * An EventSource look-alike: reads the stream as it arrives, parses the SSE lines from the
 * raw bytes, and after the stream ends reconnects with {@code Last-Event-ID} = the last
 * {@code id:} it saw, as a browser does. Only a whole frame moves the last id: a frame cut
 * in half is dropped and comes again after the reconnect. With
 * {@link AsyncClients.Settings#sseRetryField()} or {@link ClientOptions#serverRetry()} it
 * waits the server's last {@code retry:} before each reconnect, as EventSource does.
 * <p>
 * With {@code post} it is the fetch transport's client: the same stream, asked for with
 * {@code POST} and a JSON body {@code {}}, resuming with the same {@code Last-Event-ID}
 * header, as the page's fetch adapter does by hand.
 */
final class SseFeedClient extends AbstractFeedClient {

	private static final String BODY = "{}";

	private final HttpClient http;

	private final boolean post;

	private volatile String lastEventId;

	/** The server's last {@code retry:} in ms, -1 before any. */
	private volatile long serverRetry = -1;

	private volatile Request current;

	private volatile Attempt attempt;

	SseFeedClient(AsyncClients clients, int source, URI uri, boolean post, ClientOptions options,
			FeedListener listener) {
		super(clients, uri, options, listener);
		this.http = clients.http(source);
		this.post = post;
		this.lastEventId = options.lastEventId();
	}

	@Override
	long pauseMillis() {
		long retry = this.serverRetry;
		if (this.options.serverRetry()) {
			return (retry >= 0) ? retry : ClientOptions.EVENT_SOURCE_RETRY_MILLIS;
		}
		return (retry >= 0 && this.clients.settings().sseRetryField()) ? retry : super.pauseMillis();
	}

	@Override
	public String transport() {
		return this.post ? "fetch" : "sse";
	}

	@Override
	void connect() {
		Attempt attempt = new Attempt();
		Parser parser = new Parser();
		String lastId = this.lastEventId;
		String token = token();
		Request request = this.http.newRequest(withToken(this.uri.toString(), token))
			.headers(headers -> {
				headers.put(HttpHeader.ACCEPT, "text/event-stream");
				tokenHeaders(token, headers::put);
				if (lastId != null) {
					headers.put("Last-Event-ID", lastId);
				}
			})
			.idleTimeout(AsyncClients.IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		if (this.post) {
			request.method(HttpMethod.POST).body(new StringRequestContent("application/json", BODY));
		}
		request.onResponseHeaders(response -> {
				this.listener.response(this, response.getStatus(), response.getHeaders());
				if (response.getStatus() == 200) {
					attempt.opened();
				}
			})
			.onResponseContent((response, buffer) -> {
				if (response.getStatus() == 200) {
					parser.read(buffer, EventText.nowMicros());
				}
			});
		this.current = request;
		this.attempt = attempt;
		requested();
		request.send(result -> {
			Throwable failure = result.getFailure();
			if (failure == null && result.getResponse().getStatus() != 200) {
				failure = new StatusException(result.getResponse().getStatus());
			}
			attempt.ended(failure);
		});
	}

	@Override
	boolean abort() {
		Request request = this.current;
		Attempt attempt = this.attempt;
		if (request == null || attempt == null || attempt.isEnded()) {
			return false;
		}
		request.abort(new CancellationException("cut by the client"));
		return true;
	}

	/**
	 * Splits the bytes into lines across buffers (one per connection) and hands each line
	 * to the toolkit's one SSE parser.
	 */
	private final class Parser {

		private final SseFrames frames = new SseFrames();

		private byte[] line = new byte[1024];

		private int length;

		void read(ByteBuffer buffer, long now) {
			while (buffer.hasRemaining()) {
				byte b = buffer.get();
				if (b == '\n') {
					if (this.length > 0 && this.line[this.length - 1] == '\r') {
						this.length--;
					}
					String text = new String(this.line, 0, this.length, StandardCharsets.UTF_8);
					SseFeedClient.this.listener.sseLine(SseFeedClient.this, text);
					SseFrames.Frame frame = this.frames.line(text);
					this.length = 0;
					if (frame != null) {
						frame(frame, now);
					}
				}
				else {
					if (this.length == this.line.length) {
						this.line = Arrays.copyOf(this.line, this.line.length * 2);
					}
					this.line[this.length++] = b;
				}
			}
		}

		private void frame(SseFrames.Frame frame, long now) {
			SseFeedClient client = SseFeedClient.this;
			if (frame.id() != null) {
				client.lastEventId = frame.id();
			}
			if (frame.retry() != null) {
				client.serverRetry = frame.retry();
			}
			client.listener.sseFrame(client, frame);
			if (frame.isFeedItem()) {
				dispatch(frame.data(), now); // a gap frame's data is the gap JSON itself
			}
		}

	}

}
