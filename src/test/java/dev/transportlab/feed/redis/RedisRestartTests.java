package dev.transportlab.feed.redis;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;
import dev.transportlab.tools.client.LabServer;
import dev.transportlab.tools.client.RedisProcess;

import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

import static dev.transportlab.feed.redis.RedisTestSupport.assertContiguous;
import static dev.transportlab.feed.redis.RedisTestSupport.get;
import static dev.transportlab.feed.redis.RedisTestSupport.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis goes away under connected clients and comes back: first with its data (the feed
 * goes on where it stopped, no gap), then without it (a new epoch, announced with an
 * {@code epoch} gap). Meanwhile clients keep their connections and no request answers
 * 500.
 */
class RedisRestartTests {

	@Test
	void clientsStayAndTheFeedGoesOnWithOrWithoutRedisData() throws Exception {
		RedisTestSupport.requireServers(false);
		try (RedisProcess redis = RedisProcess.start(Files.createTempDirectory("lab-redis-restart-"));
				ConfigurableApplicationContext app = RedisTestSupport.instance(redis.port())) {
			String base = url(app);
			List<FeedRecorder> clients = List
				.of(FeedRecorder.reconnectingSse("sse", LabServer.port(app), "/api/feeds/live/stream", 200),
						FeedRecorder.reconnectingWebSocket("ws",
								"ws://127.0.0.1:" + LabServer.port(app) + "/ws/feeds/live", 200),
						FeedRecorder.reconnectingPolling("long-poll", base, "live", 5, 0, 200));
			try {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> clients.stream().allMatch(c -> c.lastEventSeq() > 0));
				String epoch = get(base + "/api/feeds/live").get("epoch").asString();

				// Read before Redis stops, so that a drop and a quick reconnect during
				// the
				// outage show as one more connection.
				int sseConnections = clients.get(0).connections();
				int wsConnections = clients.get(1).connections();

				// 1. Redis stops (cleanly: its data is kept)
				redis.stopKeepingData();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> "unavailable"
						.equals(get(base + "/api/feeds/live").get("log").get("state").asString()));
				long stalledAt = clients.get(0).lastEventSeq();
				for (int i = 0; i < 10; i++) {
					assertThat(JsonHttp.get(base + "/api/feeds/live").statusCode()).isEqualTo(200);
					assertThat(JsonHttp.get(base + "/api/feeds/live/events").statusCode()).isEqualTo(200);
					var health = JsonHttp.get(base + "/actuator/health");
					assertThat(health.statusCode()).isEqualTo(503);
					assertThat(JsonHttp.parse(health.body()).get("components").get("redis").get("status").asString())
						.isEqualTo("DOWN");
					Thread.sleep(200);
				}
				// the overview page's live panel says so
				try (FeedRecorder overview = FeedRecorder.sse(base + "/api/clients", null)) {
					await().atMost(Duration.ofSeconds(5))
						.until(() -> overview.lines()
							.stream()
							.anyMatch(line -> line.contains("\"state\":\"unavailable\"")));
				}
				var put = JsonHttp.send("PUT", base + "/api/feeds/live", "{\"rate\":40}");
				assertThat(put.statusCode()).as(put.body()).isEqualTo(503);
				assertThat(put.body()).contains("log-unavailable");
				var create = JsonHttp.send("POST", base + "/api/feeds", "{\"rate\":5}");
				assertThat(create.statusCode()).as(create.body()).isEqualTo(503);
				assertThat(clients.get(0).connections())
					.as("the SSE client kept its connection while Redis is away: %s", clients.get(0).endings())
					.isEqualTo(sseConnections);
				assertThat(clients.get(1).connections())
					.as("the WebSocket client kept its connection while Redis is away: %s", clients.get(1).endings())
					.isEqualTo(wsConnections);
				assertThat(clients.get(0).lastEventSeq()).as("no events while Redis is away")
					.isLessThanOrEqualTo(stalledAt + 1);

				redis.start();
				await().atMost(Duration.ofSeconds(20))
					.until(() -> clients.stream().allMatch(c -> c.lastEventSeq() > stalledAt + 50));
				assertThat(get(base + "/api/feeds/live").get("epoch").asString()).isEqualTo(epoch);
				assertThat(clients.get(0).connections()).as("the SSE client kept its connection")
					.isEqualTo(sseConnections);
				assertThat(clients.get(1).connections()).as("the WebSocket client kept its connection")
					.isEqualTo(wsConnections);
				for (FeedRecorder client : clients) {
					assertContiguous(client.name() + " across a Redis restart with data", client.snapshot());
				}

				// 2. Redis killed and back without its data: a new epoch and an epoch gap
				redis.killLosingData();
				redis.start();
				await().atMost(Duration.ofSeconds(20))
					.until(() -> !epoch.equals(get(base + "/api/feeds/live").get("epoch").asString()));
				String newEpoch = get(base + "/api/feeds/live").get("epoch").asString();
				await().atMost(Duration.ofSeconds(20))
					.until(() -> clients.stream()
						.allMatch(c -> c.snapshot().stream().anyMatch(i -> !i.isGap() && i.epoch().equals(newEpoch))));
				for (FeedRecorder client : clients) {
					List<FeedItem> items = client.snapshot();
					int gapAt = -1;
					for (int i = 0; i < items.size(); i++) {
						if (items.get(i).isGap()) {
							gapAt = i;
							break;
						}
					}
					assertThat(gapAt)
						.as("%s got a gap notice: %s", client.name(), items.stream().map(FeedItem::describe).toList())
						.isPositive();
					JsonNode gap = items.get(gapAt).gap();
					assertThat(gap.get("reason").asString()).isEqualTo("epoch");
					assertThat(gap.get("epoch").asString()).isEqualTo(newEpoch);
					assertContiguous(client.name() + " before the loss", items.subList(0, gapAt));
					assertContiguous(client.name() + " after the loss", items.subList(gapAt + 1, items.size()));
					assertThat(items.get(gapAt + 1).epoch()).isEqualTo(newEpoch);
				}
			}
			finally {
				clients.forEach(FeedRecorder::close);
			}
		}
	}

}
