package dev.transportlab.transport.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.Transport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many WebSocket handshakes at once against a connection cap: the handshake refuses with
 * 503 when the cap is already reached, and a socket that passed that check but lost the
 * race for the last slot is closed with 1013 (try again later). Exactly the cap get a
 * working socket; none gets a 500 or hangs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lab.limits.max-connections-per-transport=10", "lab.feed.rate=20" })
class HandshakeRaceTests {

	private static final int LIMIT = 10;

	private static final int HANDSHAKES = 60;

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	@Test
	void exactlyTheCapGetInTheRestGet503Or1013() throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		int raced = 0;
		List<String> rounds = new ArrayList<>();
		// the 1013 path needs two handshakes between the check and the subscription at
		// once; a few rounds make sure it was exercised, each with the same invariants
		for (int round = 0; round < 5 && raced == 0; round++) {
			Map<String, Integer> outcomes = race(http, HANDSHAKES);
			rounds.add(outcomes.toString());
			assertThat(outcomes.getOrDefault("open", 0)).as("round %d: %s", round, outcomes).isEqualTo(LIMIT);
			assertThat(outcomes.getOrDefault("503", 0) + outcomes.getOrDefault("close 1013", 0))
				.as("round %d: %s", round, outcomes)
				.isEqualTo(HANDSHAKES - LIMIT);
			raced = outcomes.getOrDefault("close 1013", 0);
			// with the cap full, a second burst is refused at the handshake: 503, no
			// socket
			Map<String, Integer> full = race(http, 20);
			rounds.add("then, cap full: " + full);
			assertThat(full).as("cap full").isEqualTo(Map.of("503", 20));
			closeAll();
		}
		System.out.println("handshake race outcomes per round: " + rounds);
		assertThat(raced).as("a 1013 in some round: %s", rounds).isPositive();
	}

	private final List<WebSocket> sockets = new ArrayList<>();

	private void closeAll() {
		this.sockets.forEach(WebSocket::abort);
		this.sockets.clear();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.feeds.limiter().open(Transport.WEBSOCKET) == 0);
	}

	/** One burst of handshakes; what each got. The sockets stay open. */
	private Map<String, Integer> race(HttpClient http, int count) throws Exception {
		int before = this.feeds.limiter().open(Transport.WEBSOCKET);
		List<Client> clients = new ArrayList<>();
		List<CompletableFuture<WebSocket>> handshakes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Client client = new Client();
			clients.add(client);
			handshakes.add(http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ws/feeds/live"), client));
		}
		Map<String, Integer> outcomes = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			String outcome;
			try {
				WebSocket socket = handshakes.get(i).get(20, TimeUnit.SECONDS); // no hang
				this.sockets.add(socket);
				outcome = null;
			}
			catch (java.util.concurrent.ExecutionException ex) {
				Throwable cause = ex.getCause() instanceof CompletionException ? ex.getCause().getCause()
						: ex.getCause();
				outcome = (cause instanceof WebSocketHandshakeException refused)
						? Integer.toString(refused.getResponse().statusCode()) : cause.toString();
			}
			if (outcome != null) {
				outcomes.merge(outcome, 1, Integer::sum);
			}
		}
		// an accepted socket either works (events come) or is closed with 1013
		for (Client client : clients) {
			if (client.opened) {
				await().atMost(Duration.ofSeconds(15)).until(() -> client.closed.isDone() || client.frames.get() > 0);
				Integer code = client.closed.getNow(null);
				outcomes.merge(code == null ? "open" : "close " + code, 1, Integer::sum);
			}
		}
		assertThat(this.feeds.limiter().open(Transport.WEBSOCKET)).as("slots taken; outcomes %s", outcomes)
			.isEqualTo(before + outcomes.getOrDefault("open", 0));
		return outcomes;
	}

	static final class Client implements WebSocket.Listener {

		volatile boolean opened;

		final AtomicInteger frames = new AtomicInteger();

		final CompletableFuture<Integer> closed = new CompletableFuture<>();

		@Override
		public void onOpen(WebSocket webSocket) {
			this.opened = true;
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			if (last) {
				this.frames.incrementAndGet();
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete(-1);
		}

	}

}
