package dev.transportlab.transport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.Transport;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** Connection caps per transport, request size, and cross-origin use of the HTTP API. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lab.limits.max-connections-per-transport=2", "lab.allowed-origins=http://workshop.example" })
class LimitsTests {

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	@Test
	void eachTransportHasItsOwnConnectionCap() throws Exception {
		List<AutoCloseable> open = new ArrayList<>();
		try {
			open.add(FeedRecorder.sse(base() + "/api/stream", null));
			open.add(FeedRecorder.sse(base() + "/api/stream", null));
			FeedRecorder third = FeedRecorder.sse(base() + "/api/stream", null);
			open.add(third);
			assertThat(third.status()).isEqualTo(503);
			assertThat(third.header("Retry-After")).isPresent();

			// SSE over fetch is the same stream, but a transport of its own with its own
			// slots
			open.add(FeedRecorder.fetch(base() + "/api/feeds/live/stream", null));
			open.add(FeedRecorder.fetch(base() + "/api/feeds/live/stream", null));
			FeedRecorder thirdFetch = FeedRecorder.fetch(base() + "/api/feeds/live/stream", null);
			open.add(thirdFetch);
			assertThat(thirdFetch.status()).isEqualTo(503);
			assertThat(thirdFetch.header("Content-Type").orElse("")).startsWith("application/problem+json");

			// WebSocket has its own slots: SSE being full does not matter
			open.add(FeedRecorder.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/live", null));
			open.add(FeedRecorder.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/live", null));
			await().until(() -> this.feeds.limiter().open(Transport.WEBSOCKET) == 2);
			Throwable refused = catchThrowable(
					() -> FeedRecorder.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/live", null));
			assertThat(((FeedRecorder.Refused) refused).status()).isEqualTo(503);

			Feed feed = this.feeds.createPublished("limits-long-poll");
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
			String url = base() + "/api/feeds/" + feed.id() + "/events?after=1&wait=5";
			List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				polls.add(JsonHttp.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(),
						HttpResponse.BodyHandlers.ofString()));
			}
			await().until(() -> this.feeds.limiter().open(Transport.LONG_POLLING) == 2);
			HttpResponse<String> thirdPoll = JsonHttp.HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
					HttpResponse.BodyHandlers.ofString());
			BadInputTests.assertProblem(thirdPoll, 503, "capacity", "at most 2 long-polling connections");
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
			for (CompletableFuture<HttpResponse<String>> poll : polls) {
				assertThat(poll.get().statusCode()).isEqualTo(200);
			}
			await().until(() -> this.feeds.limiter().open(Transport.LONG_POLLING) == 0);
			this.feeds.remove(feed.id());
		}
		finally {
			for (AutoCloseable client : open) {
				client.close();
			}
		}
		// slots come back when clients leave
		await().until(
				() -> this.feeds.limiter().open(Transport.SSE) == 0 && this.feeds.limiter().open(Transport.FETCH) == 0
						&& this.feeds.limiter().open(Transport.WEBSOCKET) == 0);
	}

	@Test
	void rejectsOversizedBodies() throws Exception {
		HttpResponse<String> response = JsonHttp.HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/feeds"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"rate\":1,\"pad\":\"" + "x".repeat(10_000) + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		BadInputTests.assertProblem(response, 413, "too-large", "4096 bytes");
	}

	@Test
	void capsChunkedBodiesTooAndPassesSmallOnesOn() throws Exception {
		// ofInputStream has no length: the JDK client sends Transfer-Encoding: chunked
		String big = "{\"rate\":1,\"pad\":\"" + "x".repeat(10_000) + "\"}";
		HttpResponse<String> refused = JsonHttp.HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/feeds"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
			.build(), HttpResponse.BodyHandlers.ofString());
		BadInputTests.assertProblem(refused, 413, "too-large", "4096 bytes");

		HttpResponse<String> created = JsonHttp.HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/feeds"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new java.io.ByteArrayInputStream("{\"rate\":2,\"markers\":3}".getBytes())))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		this.feeds.remove(JsonHttp.JSON.readTree(created.body()).get("id").asString());
	}

	@Test
	void onlyConfiguredOriginsMayUseTheApiCrossOrigin() throws Exception {
		HttpResponse<String> foreign = preflight("http://evil.example");
		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		HttpResponse<String> allowed = preflight("http://workshop.example");
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://workshop.example");
	}

	private HttpResponse<String> preflight(String origin) throws Exception {
		return JsonHttp.HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/feeds/live"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "PUT")
			.header("Access-Control-Request-Headers", "content-type")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
