package dev.transportlab.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /api/stats counts what each transport wrote, through the one metering seam: a push
 * connection is one request and its events and payload bytes are counted as its sink
 * writes them; a polling answer is one request with its events and body. Figures grow by
 * at least what a client on real sockets received.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WireStatsTests {

	@LocalServerPort
	int port;

	@Test
	void eachTransportCountsItsConnectionsEventsAndPayloadBytes() throws Exception {
		String base = "http://127.0.0.1:" + this.port;
		String feed = createFeed(base);
		JsonNode before = stats(base);

		List<FeedItem> sse = receive(FeedRecorder.sse(base + "/api/feeds/" + feed + "/stream?after=0", null));
		List<FeedItem> ws = receive(
				FeedRecorder.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/" + feed + "?after=0", null));
		FeedRecorder polling = FeedRecorder.polling(base, feed, "0", null, 0, 100);
		List<FeedItem> polled = receive(polling);

		JsonNode after = stats(base);
		assertGrewBy(before, after, "sse", 1, sse);
		assertGrewBy(before, after, "websocket", 1, ws);
		// answers the client received: each was a request the server counted
		assertGrewBy(before, after, "polling", polling.connections(), polled);
		// a WebSocket frame is the event's JSON as is: the payload is at least their sum
		long wsBytes = ws.stream().mapToLong((item) -> item.raw().getBytes(StandardCharsets.UTF_8).length).sum();
		assertThat(delta(before, after, "websocket", "bytes")).isGreaterThanOrEqualTo(wsBytes);
		// an SSE frame adds its id: and data: lines to the event's JSON
		long sseBytes = sse.stream().mapToLong((item) -> item.raw().getBytes(StandardCharsets.UTF_8).length).sum();
		assertThat(delta(before, after, "sse", "bytes")).isGreaterThan(sseBytes);
	}

	private static List<FeedItem> receive(FeedRecorder client) throws InterruptedException {
		try (client) {
			List<FeedItem> items = client.take(40, Duration.ofSeconds(10));
			assertThat(items).hasSize(40);
			return items;
		}
	}

	private static void assertGrewBy(JsonNode before, JsonNode after, String transport, int requests,
			List<FeedItem> received) {
		assertThat(delta(before, after, transport, "requests")).as(transport + " requests")
			.isGreaterThanOrEqualTo(requests);
		assertThat(delta(before, after, transport, "events")).as(transport + " events")
			.isGreaterThanOrEqualTo(received.size());
		assertThat(delta(before, after, transport, "bytes")).as(transport + " bytes").isPositive();
	}

	private static long delta(JsonNode before, JsonNode after, String transport, String figure) {
		return after.get(transport).get(figure).asLong() - before.get(transport).get(figure).asLong();
	}

	private static String createFeed(String base) throws Exception {
		HttpResponse<String> created = JsonHttp.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/feeds"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"rate\":50,\"markers\":5}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		return JsonHttp.JSON.readTree(created.body()).get("id").asString();
	}

	private static JsonNode stats(String base) throws Exception {
		HttpResponse<String> answer = JsonHttp.HTTP.send(
				HttpRequest.newBuilder(URI.create(base + "/api/stats")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		return JsonHttp.JSON.readTree(answer.body());
	}

}
