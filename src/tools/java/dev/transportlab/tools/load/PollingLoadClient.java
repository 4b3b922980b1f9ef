package dev.transportlab.tools.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.LockSupport;

/**
 * A polling tab on one virtual thread: short polling asks every {@code interval} (on a
 * fixed schedule whose phase is the moment the ramp-up started it), long
 * polling asks again as soon as an answer arrives. Each request carries
 * {@code after=next} from the previous answer, so nothing is lost in between.
 */
final class PollingLoadClient implements LoadClient {

	private final HttpClient http;

	private final String eventsUrl;

	private final Delivery delivery;

	private final Delivery.Client state;

	private final ExecutorService threads;

	/** 0 = short polling. */
	private final int waitSeconds;

	private final Duration interval;

	private final String clientId = UUID.randomUUID().toString().substring(0, 8);

	private volatile boolean running = true;

	private volatile Thread thread;

	PollingLoadClient(HttpClient http, URI events, Delivery delivery, ExecutorService threads, int waitSeconds,
			Duration interval) {
		this.http = http;
		this.eventsUrl = events.toString();
		this.delivery = delivery;
		this.state = delivery.new Client();
		this.threads = threads;
		this.waitSeconds = waitSeconds;
		this.interval = interval;
	}

	@Override
	public Delivery.Client state() {
		return this.state;
	}

	@Override
	public void start() {
		this.threads.execute(this::loop);
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.thread;
		if (thread != null) {
			thread.interrupt();
		}
	}

	private void loop() {
		this.thread = Thread.currentThread();
		this.delivery.connected.incrementAndGet();
		long period = this.interval.toNanos();
		long nextTick = System.nanoTime();
		long next = -1;
		String epoch = null;
		try {
			while (this.running) {
				String url = this.eventsUrl + "?client=" + this.clientId
						+ (next >= 0 ? "&after=" + next + "&epoch=" + epoch : "")
						+ (this.waitSeconds > 0 ? "&wait=" + this.waitSeconds : "");
				HttpRequest request = HttpRequest.newBuilder(URI.create(url))
					.timeout(Duration.ofSeconds(this.waitSeconds + 30))
					.build();
				try {
					this.delivery.requests.increment();
					HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
					long now = Delivery.nowMicros();
					if (response.statusCode() == 200) {
						String body = new String(response.body(), StandardCharsets.ISO_8859_1);
						epoch = Json.string(body, "\"epoch\":\"", 0);
						next = answer(body, now);
					}
					else {
						this.delivery.errors.increment();
					}
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (Exception ex) {
					if (!this.running) {
						return;
					}
					this.delivery.errors.increment();
					this.delivery.reconnects.increment();
					pause(Duration.ofSeconds(1).toNanos());
				}
				if (this.waitSeconds == 0) {
					nextTick += period;
					pause(nextTick - System.nanoTime());
				}
			}
		}
		finally {
			this.delivery.connected.decrementAndGet();
		}
	}

	/** {@code {"feed":..,"epoch":..,"next":N,"gap":{..},"events":[{"seq":..,"ts":..},..]}} */
	private long answer(String body, long now) {
		long next = Json.number(body, "\"next\":", 0);
		int events = body.indexOf("\"events\":[");
		int gap = body.indexOf("\"gap\":{");
		if (gap >= 0 && (events < 0 || gap < events)) {
			Json.dispatch(body.substring(gap + 6, body.indexOf('}', gap) + 1), this.state, now);
		}
		int at = events;
		while (at >= 0 && (at = body.indexOf("{\"seq\":", at)) >= 0) {
			long seq = Json.digits(body, at + 7);
			long ts = Json.number(body, "\"ts\":", at);
			this.state.event(seq, ts, now);
			at += 7;
		}
		return next;
	}

	private void pause(long nanos) {
		long deadline = System.nanoTime() + nanos;
		while (this.running && nanos > 0) {
			LockSupport.parkNanos(nanos);
			nanos = deadline - System.nanoTime();
		}
	}

}
