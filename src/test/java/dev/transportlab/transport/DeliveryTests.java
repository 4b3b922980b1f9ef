package dev.transportlab.transport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every transport, at once, on one feed at 100 events/s: in order, nothing lost, nothing
 * twice.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DeliveryTests {

	@LocalServerPort
	int port;

	@Test
	void eachTransportReceivesEveryEventInOrderAt100PerSecond() throws Exception {
		String base = "http://127.0.0.1:" + this.port;
		HttpResponse<String> created = JsonHttp.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/feeds"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"rate\":100,\"markers\":20}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		String feed = JsonHttp.JSON.readTree(created.body()).get("id").asString();
		assertThat(created.headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith("/api/feeds/" + feed));

		Map<String, FeedRecorder> clients = new LinkedHashMap<>();
		clients.put("polling", FeedRecorder.polling(base, feed, "0", null, 0, 200));
		clients.put("long-polling", FeedRecorder.polling(base, feed, "0", null, 10, 0));
		clients.put("sse", FeedRecorder.sse(base + "/api/feeds/" + feed + "/stream?after=0", null));
		clients.put("fetch", FeedRecorder.fetch(base + "/api/feeds/" + feed + "/stream", "0"));
		clients.put("websocket",
				FeedRecorder.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/" + feed + "?after=0", null));
		// about 3 s of events; awaited rather than slept, so that a feed or client
		// held up on a busy machine does not fail the count below
		await().atMost(Duration.ofSeconds(20))
			.until(() -> clients.values().stream().allMatch(client -> client.items().size() > 200));
		for (Map.Entry<String, FeedRecorder> entry : clients.entrySet()) {
			List<FeedItem> items = new ArrayList<>();
			entry.getValue().items().drainTo(items);
			entry.getValue().close();
			assertThat(items).as(entry.getKey()).noneMatch(FeedItem::isGap);
			List<Long> seqs = items.stream().map(FeedItem::seq).toList();
			assertThat(seqs.size()).as(entry.getKey() + " received").isGreaterThan(200);
			for (int i = 0; i < seqs.size(); i++) {
				assertThat(seqs.get(i)).as(entry.getKey() + " seq at " + i).isEqualTo(i + 1L);
			}
		}
	}

}
