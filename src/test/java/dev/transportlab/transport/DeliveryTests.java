package dev.transportlab.transport;

import dev.transportlab.tools.client.TestClients;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.transportlab.tools.client.TestClients.FeedClient;
import dev.transportlab.tools.client.TestClients.Item;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

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
		HttpResponse<String> created = TestClients.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/feeds"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"rate\":100,\"markers\":20}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		String feed = TestClients.JSON.readTree(created.body()).get("id").asString();
		assertThat(created.headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith("/api/feeds/" + feed));

		Map<String, FeedClient> clients = new LinkedHashMap<>();
		clients.put("polling", new TestClients.PollingClient(base, feed, "0", null, 0, 200));
		clients.put("long-polling", new TestClients.PollingClient(base, feed, "0", null, 10, 0));
		clients.put("sse", new TestClients.SseClient(base + "/api/feeds/" + feed + "/stream?after=0", null));
		clients.put("websocket",
				new TestClients.WsClient("ws://127.0.0.1:" + this.port + "/ws/feeds/" + feed + "?after=0", null));
		Thread.sleep(3000);
		for (Map.Entry<String, FeedClient> entry : clients.entrySet()) {
			List<Item> items = new ArrayList<>();
			entry.getValue().items().drainTo(items);
			entry.getValue().close();
			assertThat(items).as(entry.getKey()).noneMatch(Item::isGap);
			List<Long> seqs = items.stream().map(Item::seq).toList();
			assertThat(seqs.size()).as(entry.getKey() + " received").isGreaterThan(200);
			for (int i = 0; i < seqs.size(); i++) {
				assertThat(seqs.get(i)).as(entry.getKey() + " seq at " + i).isEqualTo(i + 1L);
			}
		}
	}

}
