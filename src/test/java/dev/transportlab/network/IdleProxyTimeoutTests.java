package dev.transportlab.network;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.transportlab.tools.client.LabServer;
import dev.transportlab.tools.client.Threads;
import dev.transportlab.tools.client.TlsFront;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle-cutting proxies (docs/networks.md): through the TLS front with a short
 * proxy_read_timeout, a feed at 0 events/s keeps its SSE stream and its WebSocket thanks
 * to heartbeats (SSE comments, WebSocket pings) sent more often than the timeout, and
 * long polling survives because its longest hold stays below it. A control app without
 * those settings (heartbeat and ping once a minute, long polls held 8 s) is cut by the
 * same configuration, so the test shows the timeout is real.
 * <p>
 * Shortened from the 60 s at a 10 s timeout to {@value #HOLD_SECONDS} s at a
 * {@value #TIMEOUT_SECONDS} s timeout (more than three timeouts), and all six
 * observations run at once in {@link #observeAll()}: about 25 s for the class instead of
 * six minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdleProxyTimeoutTests {

	static final int TIMEOUT_SECONDS = 6;

	static final int HOLD_SECONDS = 20;

	static final int TUNED_WAIT_SECONDS = TIMEOUT_SECONDS / 2;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private Observation sse;

	private Observation webSocket;

	private Observation longPolling;

	private Observation controlSse;

	private Observation controlWebSocket;

	private Observation controlLongPolling;

	@BeforeAll
	void observeAll() throws Exception {
		TlsFront.assumeAvailable();
		// heartbeat and ping well under the proxy's timeout; the longest long poll at
		// half
		// of it: Tomcat checks async timeouts once a second and a busy machine adds more
		// (a 4 s hold behind a 5 s timeout got a 504 here once)
		Target tuned = target("lab.sse.heartbeat=2s", "lab.websocket.ping-interval=2s",
				"lab.polling.max-wait-seconds=" + TUNED_WAIT_SECONDS);
		Target control = target("lab.sse.heartbeat=60s", "lab.websocket.ping-interval=60s");
		List<CompletableFuture<Observation>> running = List.of(observeSse(tuned), observeWebSocket(tuned),
				observeLongPolling(tuned, TUNED_WAIT_SECONDS), observeSse(control), observeWebSocket(control),
				observeLongPolling(control, TIMEOUT_SECONDS + 3));
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(HOLD_SECONDS + 40, TimeUnit.SECONDS);
		this.sse = running.get(0).join();
		this.webSocket = running.get(1).join();
		this.longPolling = running.get(2).join();
		this.controlSse = running.get(3).join();
		this.controlWebSocket = running.get(4).join();
		this.controlLongPolling = running.get(5).join();
		List.of(this.sse, this.webSocket, this.longPolling, this.controlSse, this.controlWebSocket,
				this.controlLongPolling)
			.forEach(o -> System.out.println("Idle behind a " + TIMEOUT_SECONDS + " s proxy timeout: " + o));
	}

	@AfterAll
	void stop() {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			try {
				this.resources.get(i).close();
			}
			catch (Exception ex) {
				// stopping anyway
			}
		}
	}

	@Test
	void sseKeepsItsStreamThroughTheProxyThanksToHeartbeats() {
		// the front offers h2 by ALPN and the JDK client asks for it: these are HTTP/2
		// streams, not HTTP/1.1 connections that the same timeout would also cut
		assertThat(this.sse.protocol).as("protocol of the tuned SSE stream").isEqualTo("HTTP_2");
		assertThat(this.controlSse.protocol).as("protocol of the control SSE stream").isEqualTo("HTTP_2");
		assertThat(this.sse.cutAfterMillis).as("tuned SSE stream cut after (ms)").isNull();
		assertThat(this.sse.heartbeats).as("heartbeats (every 2 s)").isGreaterThanOrEqualTo(HOLD_SECONDS / 2 - 2);
		assertThat(this.sse.events).as("events of a finished job's feed: its last one, on connect")
			.isLessThanOrEqualTo(1);
		assertThat(this.controlSse.cutAfterMillis).as("control SSE stream (heartbeat 60 s) cut after (ms)")
			.isNotNull()
			.isBetween(TIMEOUT_SECONDS * 1000L - 500, TIMEOUT_SECONDS * 1000L + 3000);
	}

	@Test
	void webSocketKeepsItsConnectionThroughTheProxyThanksToPings() {
		assertThat(this.webSocket.cutAfterMillis).as("tuned WebSocket closed after (ms)").isNull();
		assertThat(this.webSocket.heartbeats).as("pings (every 2 s)").isGreaterThanOrEqualTo(HOLD_SECONDS / 2 - 2);
		assertThat(this.controlWebSocket.cutAfterMillis).as("control WebSocket (ping 60 s) closed after (ms)")
			.isNotNull()
			.isBetween(TIMEOUT_SECONDS * 1000L - 500, TIMEOUT_SECONDS * 1000L + 3000);
	}

	@Test
	void longPollingHoldsStayBelowTheProxyTimeout() {
		assertThat(this.longPolling.protocol).as("protocol of the tuned long polls").isEqualTo("HTTP_2");
		assertThat(this.controlLongPolling.protocol).as("protocol of the control long poll").isEqualTo("HTTP_2");
		assertThat(this.longPolling.cutAfterMillis).as("tuned long poll failed after (ms): %s", this.longPolling)
			.isNull();
		assertThat(this.longPolling.heartbeats).as("empty answers after a full hold of %d s", TUNED_WAIT_SECONDS)
			.isGreaterThanOrEqualTo(HOLD_SECONDS / (TUNED_WAIT_SECONDS + 1) - 1);
		assertThat(this.controlLongPolling.status)
			.as("a hold of %d s behind a %d s timeout", TIMEOUT_SECONDS + 3, TIMEOUT_SECONDS)
			.isEqualTo(504);
	}

	/**
	 * An app in this JVM with its own TLS front, and a feed at 0 events/s (a finished
	 * job's).
	 */
	private Target target(String... properties) throws Exception {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("spring.main.banner-mode=off");
		ConfigurableApplicationContext app = LabServer.start(0, all.toArray(String[]::new));
		this.resources.add(app::close);
		TlsFront front = TlsFront.start(LabServer.port(app), Duration.ofSeconds(TIMEOUT_SECONDS));
		this.resources.add(front);
		HttpClient http = HttpClient.newBuilder()
			.sslContext(front.sslContext())
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		URI base = front.baseUrl();
		HttpRequest start = HttpRequest.newBuilder(base.resolve("/api/jobs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"steps\":1,\"stepMillis\":10}"))
			.build();
		HttpResponse<String> created = null;
		// nginx listens before its worker takes connections: on a busy machine the first
		// connect can be refused
		for (int attempt = 1; created == null; attempt++) {
			try {
				created = http.send(start, HttpResponse.BodyHandlers.ofString());
			}
			catch (java.net.ConnectException ex) {
				if (attempt == 10) {
					throw ex;
				}
				Thread.sleep(500);
			}
		}
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String jobUrl = created.headers().firstValue("Location").orElseThrow();
		JsonNode job = JSON.readTree(created.body());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!"succeeded".equals(job.path("state").asString()) && System.nanoTime() < deadline) {
			Thread.sleep(100);
			job = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve(URI.create(jobUrl).getPath())).build(),
					HttpResponse.BodyHandlers.ofString())
				.body());
		}
		assertThat(job.path("state").asString()).as("job %s", job).isEqualTo("succeeded");
		return new Target(http, base, job.path("feed").asString(), job.path("seq").asLong());
	}

	private CompletableFuture<Observation> observeSse(Target target) {
		CompletableFuture<Observation> result = new CompletableFuture<>();
		Threads.start("idle-sse", () -> {
			Observation observation = new Observation("SSE " + target.base);
			long start = System.nanoTime();
			try {
				HttpResponse<java.io.InputStream> response = target.http.send(
						HttpRequest.newBuilder(target.base.resolve("/api/feeds/" + target.feed + "/stream")).build(),
						HttpResponse.BodyHandlers.ofInputStream());
				observation.status = response.statusCode();
				observation.protocol = response.version().toString();
				CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
					try (BufferedReader lines = new BufferedReader(
							new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
						String line;
						while ((line = lines.readLine()) != null) {
							if (line.startsWith(": heartbeat")) {
								observation.heartbeats++;
							}
							else if (line.startsWith("data:")) {
								observation.events++;
							}
						}
					}
					catch (IOException ex) {
						observation.cut(start, ex.toString());
					}
					observation.cut(start, "end of stream");
				}, Threads::start);
				try {
					reading.get(HOLD_SECONDS, TimeUnit.SECONDS);
				}
				catch (java.util.concurrent.TimeoutException ex) {
					// still open after the whole hold: a working heartbeat
					observation.done = true;
					response.body().close();
				}
				result.complete(observation);
			}
			catch (Exception ex) {
				result.completeExceptionally(ex);
			}
		});
		return result;
	}

	private CompletableFuture<Observation> observeWebSocket(Target target) {
		Observation observation = new Observation("WebSocket " + target.base);
		long start = System.nanoTime();
		URI url = URI.create("wss://" + target.base.getAuthority() + "/ws/feeds/" + target.feed);
		AtomicInteger frames = new AtomicInteger();
		WebSocket.Listener listener = new WebSocket.Listener() {
			@Override
			public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
				frames.incrementAndGet();
				socket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onPing(WebSocket socket, java.nio.ByteBuffer message) {
				observation.heartbeats++;
				socket.request(1);
				return null; // the client answers with a pong by itself
			}

			@Override
			public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
				observation.cut(start, "close " + statusCode);
				return null;
			}

			@Override
			public void onError(WebSocket socket, Throwable error) {
				observation.cut(start, error.toString());
			}
		};
		return target.http.newWebSocketBuilder()
			.header("Origin", target.base.toString())
			.buildAsync(url, listener)
			.thenApplyAsync(socket -> {
				observation.status = 101;
				sleep(HOLD_SECONDS * 1000L);
				observation.events = frames.get();
				observation.done = true;
				socket.abort();
				return observation;
			}, Threads::start);
	}

	/**
	 * Long polls one after another for the whole hold, each held {@code waitSeconds} by
	 * the server.
	 */
	private CompletableFuture<Observation> observeLongPolling(Target target, int waitSeconds) {
		return CompletableFuture.supplyAsync(() -> {
			Observation observation = new Observation("long polling wait=" + waitSeconds + " " + target.base);
			long start = System.nanoTime();
			while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(HOLD_SECONDS)) {
				try {
					HttpResponse<String> response = target.http.send(HttpRequest
						.newBuilder(target.base.resolve(
								"/api/feeds/" + target.feed + "/events?after=" + target.seq + "&wait=" + waitSeconds))
						.timeout(Duration.ofSeconds(waitSeconds + 10))
						.build(), HttpResponse.BodyHandlers.ofString());
					observation.status = response.statusCode();
					observation.protocol = response.version().toString();
					if (response.statusCode() != 200) {
						observation.cut(start, "HTTP " + response.statusCode());
						return observation;
					}
					observation.heartbeats++; // an empty answer after a full hold
				}
				catch (Exception ex) {
					observation.cut(start, ex.toString());
					return observation;
				}
			}
			return observation;
		}, Threads::start);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Target(HttpClient http, URI base, String feed, long seq) {
	}

	/** What one client saw while its feed stayed silent. */
	private static final class Observation {

		final String name;

		volatile int status;

		volatile String protocol;

		volatile int heartbeats;

		volatile int events;

		volatile Long cutAfterMillis;

		volatile String error;

		/**
		 * Set when the hold is over: what happens to the connection after that is the
		 * test's doing.
		 */
		volatile boolean done;

		Observation(String name) {
			this.name = name;
		}

		void cut(long startNanos, String why) {
			if (this.cutAfterMillis == null && !this.done) {
				this.cutAfterMillis = (System.nanoTime() - startNanos) / 1_000_000;
				this.error = why;
			}
		}

		@Override
		public String toString() {
			return this.name + ": status " + this.status + " " + this.protocol + ", heartbeats/answers "
					+ this.heartbeats + ", events " + this.events + ", "
					+ (this.cutAfterMillis == null ? "open for the whole " + HOLD_SECONDS + " s"
							: "cut after " + this.cutAfterMillis + " ms (" + this.error + ")");
		}

	}

}
