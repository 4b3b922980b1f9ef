package dev.transportlab.tools.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A WebSocket tab on java.net.http.WebSocket: one text frame per event, read one at a
 * time ({@code request(1)}); after a close it reconnects with {@code ?after=&epoch=}
 * so that nothing is lost. Pings are answered by the JDK.
 */
final class WebSocketLoadClient implements LoadClient {

	private static final Duration RETRY = Duration.ofSeconds(2);

	private final HttpClient http;

	private final URI uri;

	private final Delivery delivery;

	private final Delivery.Client state;

	private final ScheduledExecutorService timers;

	private volatile boolean running = true;

	private volatile WebSocket socket;

	WebSocketLoadClient(HttpClient http, URI uri, Delivery delivery, ScheduledExecutorService timers) {
		this.http = http;
		this.uri = uri;
		this.delivery = delivery;
		this.state = delivery.new Client();
		this.timers = timers;
	}

	@Override
	public Delivery.Client state() {
		return this.state;
	}

	@Override
	public void start() {
		URI target = this.uri;
		if (this.state.epoch() != null && this.state.lastSeq() >= 0) {
			target = URI.create(this.uri + "?after=" + this.state.lastSeq() + "&epoch=" + this.state.epoch());
		}
		Listener listener = new Listener();
		this.http.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(30))
			.buildAsync(target, listener)
			.whenComplete((socket, failure) -> {
				if (failure != null) {
					listener.ended(true);
				}
				else {
					this.socket = socket;
					if (!this.running) {
						socket.abort();
					}
				}
			});
	}

	@Override
	public void stop() {
		this.running = false;
		WebSocket socket = this.socket;
		if (socket != null) {
			socket.abort();
		}
	}

	private final class Listener implements WebSocket.Listener {

		private final AtomicBoolean ended = new AtomicBoolean();

		private final StringBuilder partial = new StringBuilder();

		private volatile boolean open;

		@Override
		public void onOpen(WebSocket webSocket) {
			this.open = true;
			WebSocketLoadClient.this.delivery.connected.incrementAndGet();
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			long now = Delivery.nowMicros();
			if (!last) {
				this.partial.append(data);
			}
			else if (this.partial.isEmpty()) {
				Json.dispatch(data, WebSocketLoadClient.this.state, now);
			}
			else {
				Json.dispatch(this.partial.append(data), WebSocketLoadClient.this.state, now);
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			ended(false);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			ended(true);
		}

		void ended(boolean failed) {
			if (!this.ended.compareAndSet(false, true)) {
				return;
			}
			if (this.open) {
				WebSocketLoadClient.this.delivery.connected.decrementAndGet();
			}
			if (!WebSocketLoadClient.this.running) {
				return;
			}
			if (failed) {
				WebSocketLoadClient.this.delivery.errors.increment();
			}
			WebSocketLoadClient.this.delivery.reconnects.increment();
			WebSocketLoadClient.this.timers.schedule(() -> {
				if (WebSocketLoadClient.this.running) {
					start();
				}
			}, RETRY.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

}
