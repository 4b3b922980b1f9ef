package dev.transportlab.tools.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An EventSource look-alike on the JDK HttpClient: reads the stream as it arrives (no
 * thread waits on it), parses the SSE lines from the raw bytes, and reconnects after the
 * stream ends with {@code Last-Event-ID}, as a browser would.
 */
public final class SseLoadClient implements LoadClient {

	private static final Duration RETRY = Duration.ofSeconds(2);

	private final HttpClient http;

	private final URI uri;

	private final Delivery delivery;

	private final Delivery.Client state;

	private final ScheduledExecutorService timers;

	private volatile boolean running = true;

	private volatile Stream current;

	public SseLoadClient(HttpClient http, URI uri, Delivery delivery, ScheduledExecutorService timers) {
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
		HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(30));
		if (this.state.epoch() != null && this.state.lastSeq() >= 0) {
			request.header("Last-Event-ID", this.state.epoch() + ":" + this.state.lastSeq());
		}
		Stream stream = new Stream();
		this.current = stream;
		this.http.sendAsync(request.build(), info -> {
			if (info.statusCode() != 200) {
				return BodySubscribers.replacing(null);
			}
			this.delivery.connected.incrementAndGet();
			stream.open = true;
			return BodySubscribers.fromSubscriber(stream);
		}).whenComplete((response, failure) -> {
			if (failure != null || response.statusCode() != 200) {
				stream.ended(true);
			}
		});
	}

	@Override
	public void stop() {
		this.running = false;
		Stream stream = this.current;
		if (stream != null) {
			stream.cancel();
		}
	}

	/** One connection attempt: a byte-level SSE parser. */
	private final class Stream implements Flow.Subscriber<List<ByteBuffer>> {

		private final AtomicBoolean ended = new AtomicBoolean();

		private volatile boolean open;

		private volatile Flow.Subscription subscription;

		private byte[] line = new byte[1024];

		private int length;

		private String data;

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (!SseLoadClient.this.running) {
				subscription.cancel();
				return;
			}
			subscription.request(1);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			long now = Delivery.nowMicros();
			for (ByteBuffer buffer : buffers) {
				while (buffer.hasRemaining()) {
					byte b = buffer.get();
					if (b == '\n') {
						line(now);
						this.length = 0;
					}
					else {
						if (this.length == this.line.length) {
							this.line = java.util.Arrays.copyOf(this.line, this.line.length * 2);
						}
						this.line[this.length++] = b;
					}
				}
			}
			this.subscription.request(1);
		}

		private void line(long now) {
			if (this.length == 0) { // blank line: the frame is complete
				if (this.data != null) {
					// a gap frame's data is the gap JSON itself ({"type":"gap",...})
					Json.dispatch(this.data, SseLoadClient.this.state, now);
				}
				this.data = null;
				return;
			}
			if (starts("data: ")) {
				this.data = new String(this.line, 6, this.length - 6, StandardCharsets.ISO_8859_1);
			}
			else if (starts("id: ") && SseLoadClient.this.state.epoch() == null) {
				String id = new String(this.line, 4, this.length - 4, StandardCharsets.ISO_8859_1);
				SseLoadClient.this.state.epoch(id.substring(0, Math.max(0, id.lastIndexOf(':'))));
			}
		}

		private boolean starts(String prefix) {
			if (this.length < prefix.length()) {
				return false;
			}
			for (int i = 0; i < prefix.length(); i++) {
				if (this.line[i] != prefix.charAt(i)) {
					return false;
				}
			}
			return true;
		}

		@Override
		public void onError(Throwable throwable) {
			ended(true);
		}

		@Override
		public void onComplete() {
			ended(false);
		}

		void cancel() {
			Flow.Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.cancel();
			}
			ended(false);
		}

		/** Once per attempt: count it, and try again later unless the run is over. */
		void ended(boolean failed) {
			if (!this.ended.compareAndSet(false, true)) {
				return;
			}
			if (this.open) {
				SseLoadClient.this.delivery.connected.decrementAndGet();
			}
			if (!SseLoadClient.this.running) {
				return;
			}
			if (failed) {
				SseLoadClient.this.delivery.errors.increment();
			}
			SseLoadClient.this.delivery.reconnects.increment();
			SseLoadClient.this.timers.schedule(() -> {
				if (SseLoadClient.this.running) {
					start();
				}
			}, RETRY.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

}
