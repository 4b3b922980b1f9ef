package dev.transportlab.tools.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The asynchronous transport clients (SSE, SSE over fetch, polling and long polling, WebSocket) on Jetty's
 * HTTP and WebSocket clients: a few selector and worker threads carry any number of
 * connections, so tens of thousands of clients run on Java 17 without a thread each.
 * Like a browser, WebSocket clients offer permessage-deflate unless told not to. With
 * {@code sourceAddresses} > 1, clients spread their local address over 127.0.0.1,
 * 127.0.0.2, ... (one address has only ~28k ephemeral ports).
 *
 * <pre>
 * try (AsyncClients clients = AsyncClients.start(AsyncClients.Settings.browserLike())) {
 *     FeedClient sse = clients.sse(URI.create("http://127.0.0.1:8080/api/feeds/live/stream"), listener);
 *     sse.start();
 * }
 * </pre>
 */
public final class AsyncClients implements AutoCloseable {

	/**
	 * @param sourceAddresses local addresses 127.0.0.1..N to spread connections over
	 * @param webSocketDeflate offer permessage-deflate on WebSocket handshakes, as browsers do
	 * @param retry pause before a reconnect after a lost connection (EventSource's default is a few seconds)
	 * @param retryJitter each pause is {@code retry} x (1 +/- this), drawn anew each time, as the pages'
	 * resume.js backs off: clients that lost their server at once do not all return at once (0: fixed)
	 * @param sseRetryField SSE clients take the server's {@code retry:} as their pause once one arrived,
	 * as EventSource does (the server jitters it per stream); false: {@code retry} for every transport
	 */
	public record Settings(int sourceAddresses, boolean webSocketDeflate, Duration retry, double retryJitter,
			boolean sseRetryField) {

		public Settings {
			if (sourceAddresses < 1 || sourceAddresses > 254) {
				throw new IllegalArgumentException("sourceAddresses must be 1..254, got " + sourceAddresses);
			}
			if (!(retryJitter >= 0 && retryJitter <= 1)) {
				throw new IllegalArgumentException("retryJitter must be 0..1, got " + retryJitter);
			}
		}

		/** A fixed retry, and SSE ignoring the server's {@code retry:} (what the load runs use). */
		public Settings(int sourceAddresses, boolean webSocketDeflate, Duration retry) {
			this(sourceAddresses, webSocketDeflate, retry, 0, false);
		}

		public static Settings browserLike() {
			return new Settings(1, true, Duration.ofSeconds(2));
		}

		public Settings withSourceAddresses(int count) {
			return new Settings(count, this.webSocketDeflate, this.retry, this.retryJitter, this.sseRetryField);
		}

		public Settings withWebSocketDeflate(boolean deflate) {
			return new Settings(this.sourceAddresses, deflate, this.retry, this.retryJitter, this.sseRetryField);
		}

		public Settings withRetry(Duration pause) {
			return new Settings(this.sourceAddresses, this.webSocketDeflate, pause, this.retryJitter,
					this.sseRetryField);
		}

		public Settings withRetryJitter(double jitter) {
			return new Settings(this.sourceAddresses, this.webSocketDeflate, this.retry, jitter, this.sseRetryField);
		}

		public Settings withSseRetryField(boolean honoured) {
			return new Settings(this.sourceAddresses, this.webSocketDeflate, this.retry, this.retryJitter, honoured);
		}

		/** One pause before a reconnect: {@code retry} x (1 +/- {@code retryJitter}), drawn anew. */
		public long pauseMillis() {
			return jittered(this.retry.toMillis(), this.retryJitter);
		}

		/** {@code millis} x (1 +/- {@code jitter}), drawn anew each time. */
		static long jittered(long millis, double jitter) {
			return (jitter == 0) ? millis
					: Math.round(millis * (1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1)));
		}

	}

	/** Idle time after which a silent connection counts as lost (SSE heartbeats come every 15 s). */
	static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

	private final Settings settings;

	private final QueuedThreadPool threads;

	private final Scheduler scheduler = new ScheduledExecutorScheduler("feed-client-timer", true);

	private final List<HttpClient> http = new ArrayList<>();

	private final List<WebSocketClient> webSockets = new ArrayList<>();

	private final AtomicInteger next = new AtomicInteger();

	private AsyncClients(Settings settings) {
		this.settings = settings;
		// one selector per source address plus a few workers: callbacks only parse and count
		this.threads = new QueuedThreadPool(16 + 2 * settings.sourceAddresses(), 4);
		this.threads.setName("feed-client");
		this.threads.setDaemon(true);
	}

	public static AsyncClients start(Settings settings) {
		AsyncClients clients = new AsyncClients(settings);
		try {
			clients.threads.start();
			clients.scheduler.start();
			for (int k = 0; k < settings.sourceAddresses(); k++) {
				HttpClient http = new HttpClient();
				http.setExecutor(clients.threads);
				http.setScheduler(clients.scheduler);
				http.getClientConnector().setSelectors(1);
				if (settings.sourceAddresses() > 1) {
					http.setBindAddress(new InetSocketAddress("127.0.0." + (k + 1), 0));
				}
				// every subscriber holds one connection to the same server: no per-destination cap
				http.setMaxConnectionsPerDestination(1_000_000);
				http.setMaxRequestsQueuedPerDestination(1_000_000);
				http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
				http.setConnectTimeout(30_000);
				http.setFollowRedirects(false);
				http.start();
				WebSocketClient webSocket = new WebSocketClient(http);
				webSocket.setIdleTimeout(IDLE_TIMEOUT);
				webSocket.setMaxTextMessageSize(1024 * 1024);
				webSocket.setStopAtShutdown(false);
				webSocket.start();
				clients.http.add(http);
				clients.webSockets.add(webSocket);
			}
		}
		catch (Exception ex) {
			clients.close();
			throw new IllegalStateException("could not start the Jetty clients: " + ex.getMessage(), ex);
		}
		return clients;
	}

	public Settings settings() {
		return this.settings;
	}

	/**
	 * One instance for the whole JVM, started on first use and never closed (its threads
	 * are daemons): tests and measurements hold a handful of clients each and share it.
	 * Like the JDK clients tests used before, its WebSocket offers no compression.
	 */
	public static AsyncClients shared() {
		return Shared.INSTANCE;
	}

	/** An EventSource look-alike on {@code stream} (e.g. {@code http://host/api/feeds/live/stream}). */
	public FeedClient sse(URI stream, FeedListener listener) {
		return sse(stream, ClientOptions.defaults(), listener);
	}

	public FeedClient sse(URI stream, ClientOptions options, FeedListener listener) {
		return new SseFeedClient(this, pick(), stream, false, options, listener);
	}

	/**
	 * The fetch transport: the same stream asked for with {@code POST} and a JSON body,
	 * resumed with {@code Last-Event-ID} ({@code http://host/api/feeds/live/stream}).
	 */
	public FeedClient fetch(URI stream, FeedListener listener) {
		return fetch(stream, ClientOptions.defaults(), listener);
	}

	public FeedClient fetch(URI stream, ClientOptions options, FeedListener listener) {
		return new SseFeedClient(this, pick(), stream, true, options, listener);
	}

	/**
	 * A polling loop on {@code events} ({@code http://host/api/feeds/live/events}):
	 * {@code waitSeconds} 0 asks every {@code interval} (short polling), more asks again as
	 * soon as each answer arrives (long polling).
	 */
	public FeedClient polling(URI events, int waitSeconds, Duration interval, FeedListener listener) {
		return polling(events, waitSeconds, interval, ClientOptions.defaults(), listener);
	}

	public FeedClient polling(URI events, int waitSeconds, Duration interval, ClientOptions options,
			FeedListener listener) {
		return new PollingFeedClient(this, pick(), events, waitSeconds, interval, options, listener);
	}

	/** A WebSocket on {@code uri} ({@code ws://host/ws/feeds/live}), one text frame per event. */
	public FeedClient webSocket(URI uri, FeedListener listener) {
		return webSocket(uri, ClientOptions.defaults(), listener);
	}

	public WebSocketFeedClient webSocket(URI uri, ClientOptions options, FeedListener listener) {
		int k = pick();
		return new WebSocketFeedClient(this, this.webSockets.get(k), uri, options, listener);
	}

	/** The source address (index into the HTTP clients) of the next client: round robin. */
	private int pick() {
		return Math.floorMod(this.next.getAndIncrement(), this.http.size());
	}

	HttpClient http(int k) {
		return this.http.get(k);
	}

	void schedule(Runnable task, long delayMillis) {
		if (this.scheduler.isRunning()) {
			this.scheduler.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void close() {
		for (WebSocketClient webSocket : this.webSockets) {
			stopQuietly(webSocket);
		}
		for (HttpClient client : this.http) {
			stopQuietly(client);
		}
		stopQuietly(this.scheduler);
		stopQuietly(this.threads);
	}

	private static void stopQuietly(org.eclipse.jetty.util.component.LifeCycle component) {
		try {
			component.stop();
		}
		catch (Exception ex) {
			// closing: nothing left to do with it
		}
	}

	/** Holder: started when first asked for. */
	private static final class Shared {

		static final AsyncClients INSTANCE = start(Settings.browserLike().withWebSocketDeflate(false));

	}

}
