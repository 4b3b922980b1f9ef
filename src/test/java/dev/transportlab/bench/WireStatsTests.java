package dev.transportlab.bench;

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
import static org.awaitility.Awaitility.await;

/**
 * /api/stats counts what each transport wrote, through the one metering seam: a push
 * connection is one request and its events and payload bytes are counted as its sink
 * writes them; a polling answer is one request with its events and body. On a context of
 * its own (nobody else connects) and a feed of its own, every figure equals what the
 * clients on real sockets received, so a double count or a missed write fails.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lab.feed.rate=1")
class WireStatsTests {

	@LocalServerPort
	int port;

	@Test
	void eachTransportCountsExactlyItsConnectionsEventsAndPayloadBytes() throws Exception {
		String base = "http://127.0.0.1:" + this.port;
		HttpResponse<String> created = JsonHttp.send("POST", base + "/api/feeds", "{\"rate\":4,\"markers\":5}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String feed = JsonHttp.parse(created.body()).get("id").asString();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> JsonHttp.parse(JsonHttp.get(base + "/api/feeds/" + feed).body()).get("seq").asLong() >= 5);
		JsonNode before = stats(base);

		// polling by hand: three answers, each body's bytes as received
		long polledEvents = 0;
		long polledBytes = 0;
		long empty = 0;
		String after = "0";
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> answer = JsonHttp.get(base + "/api/feeds/" + feed + "/events?after=" + after);
			assertThat(answer.statusCode()).isEqualTo(200);
			JsonNode body = JsonHttp.parse(answer.body());
			polledEvents += body.get("events").size();
			empty += body.get("events").isEmpty() ? 1 : 0;
			polledBytes += answer.body().getBytes(StandardCharsets.UTF_8).length;
			after = body.get("next").asString();
		}
		JsonNode polled = stats(base);
		assertThat(delta(before, polled, "polling", "requests")).as("polling requests").isEqualTo(3);
		assertThat(delta(before, polled, "polling", "events")).as("polling events").isEqualTo(polledEvents);
		assertThat(delta(before, polled, "polling", "bytes")).as("polling bytes").isEqualTo(polledBytes);
		assertThat(delta(before, polled, "polling", "emptyResponses")).as("empty polling answers").isEqualTo(empty);

		try (FeedRecorder sse = FeedRecorder.sse(base + "/api/feeds/" + feed + "/stream?after=0", null);
				FeedRecorder ws = FeedRecorder
					.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/" + feed + "?after=0", null)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> sse.snapshot().size() >= 8 && ws.snapshot().size() >= 8);
			// events keep coming: compare when a snapshot of the stats falls between two
			// equal snapshots of what the clients received
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				List<FeedItem> sseItems = sse.snapshot();
				List<FeedItem> wsItems = ws.snapshot();
				JsonNode now = stats(base);
				assertThat(sse.snapshot()).hasSameSizeAs(sseItems);
				assertThat(ws.snapshot()).hasSameSizeAs(wsItems);
				assertThat(delta(before, now, "sse", "requests")).as("sse requests").isEqualTo(1);
				assertThat(delta(before, now, "websocket", "requests")).as("websocket requests").isEqualTo(1);
				assertThat(now.get("sse").get("connections").asInt()).as("sse connections").isEqualTo(1);
				assertThat(now.get("websocket").get("connections").asInt()).as("websocket connections").isEqualTo(1);
				assertThat(delta(before, now, "sse", "events")).as("sse events").isEqualTo(sseItems.size());
				assertThat(delta(before, now, "websocket", "events")).as("websocket events").isEqualTo(wsItems.size());
				// a WebSocket frame is the event's JSON as is
				assertThat(delta(before, now, "websocket", "bytes")).as("websocket bytes")
					.isEqualTo(wsItems.stream().mapToLong(item -> utf8(item.raw())).sum());
				// an SSE frame is "id: EPOCH:SEQ\ndata: JSON\n\n"
				assertThat(delta(before, now, "sse", "bytes")).as("sse bytes")
					.isEqualTo(sseItems.stream()
						.mapToLong(item -> utf8("id: " + item.epoch() + ":" + item.seq() + "\ndata: ")
								+ utf8(item.raw()) + 2)
						.sum());
				assertThat(delta(before, now, "polling", "requests")).as("no polling meanwhile").isEqualTo(3);
			});
		}
	}

	private static long utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	private static long delta(JsonNode before, JsonNode after, String transport, String figure) {
		return after.get(transport).get(figure).asLong() - before.get(transport).get(figure).asLong();
	}

	private static JsonNode stats(String base) throws Exception {
		HttpResponse<String> answer = JsonHttp.get(base + "/api/stats");
		assertThat(answer.statusCode()).isEqualTo(200);
		return JsonHttp.parse(answer.body());
	}

}
