package dev.transportlab.feed.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.NginxProcess;
import dev.transportlab.tools.client.RedisProcess;

import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

import static dev.transportlab.feed.redis.RedisTestSupport.assertContiguous;
import static dev.transportlab.feed.redis.RedisTestSupport.get;
import static dev.transportlab.feed.redis.RedisTestSupport.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publishing instance is killed (SIGKILL: no goodbye, no lease released) while
 * clients follow the feed through nginx: the other instance takes the feed over, the
 * clients reconnect through nginx to it, and nobody misses or repeats an event.
 */
class PublisherFailoverTests {

	@Test
	void theSurvivorTakesOverAndClientsLoseNothing() throws Exception {
		RedisTestSupport.requireServers(true);
		Path dir = Files.createTempDirectory("lab-failover-");
		try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"))) {
			List<String> settings = RedisTestSupport.redisMode(redis.port());
			// the publisher in a JVM of its own, so that it can be killed outright
			AppProcess publisher = AppProcess.startFromClassPath("-Xmx256m -XX:TieredStopAtLevel=1",
					settings.stream().map(s -> "--" + s).toList(), dir.resolve("publisher"), System.out);
			try (ConfigurableApplicationContext survivor = RedisTestSupport.instance(redis.port());
					NginxProcess nginx = NginxProcess.start(dir.resolve("nginx"), publisher.baseUrl().getPort(),
							org.springframework.boot.web.server.context.WebServerApplicationContext.class.cast(survivor)
								.getWebServer()
								.getPort())) {
				String publisherUrl = publisher.baseUrl().toString();
				assertThat(get(publisherUrl + "/api/feeds/live").get("log").get("publisher").asBoolean())
					.as("the first instance publishes")
					.isTrue();
				// Opened one after another: nginx (one worker, round-robin) puts the
				// first of each
				// pair on one instance and the second on the other, so each push
				// transport has a
				// stream on the instance that is killed.
				List<FeedRecorder> clients = new ArrayList<>();
				for (String transport : List.of("sse", "websocket")) {
					for (String name : List.of(transport, transport + "-2")) {
						FeedRecorder client = transport.equals("sse")
								? FeedRecorder.reconnectingSse(name, nginx.port(), "/api/feeds/live/stream", 200)
								: FeedRecorder.reconnectingWebSocket(name,
										"ws://127.0.0.1:" + nginx.port() + "/ws/feeds/live", 200);
						clients.add(client);
						await().atMost(Duration.ofSeconds(20)).until(() -> client.lastEventSeq() > 0);
					}
				}
				clients.add(FeedRecorder.reconnectingPolling("long-poll", nginx.baseUrl(), "live", 5, 0, 200));
				clients.add(FeedRecorder.reconnectingPolling("long-poll-2", nginx.baseUrl(), "live", 5, 0, 200));
				try {
					await().atMost(Duration.ofSeconds(20))
						.until(() -> clients.stream().allMatch(c -> c.lastEventSeq() > 0));
					Thread.sleep(1000);
					long seqAtKill = get(url(survivor) + "/api/feeds/live").get("seq").asLong();
					publisher.kill();
					long killedAt = System.nanoTime();

					await().atMost(Duration.ofSeconds(20))
						.until(() -> get(url(survivor) + "/api/feeds/live").get("log").get("publisher").asBoolean());
					long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
					// 2 s of events published by the survivor reach every client
					JsonNode live = get(url(survivor) + "/api/feeds/live");
					long target = live.get("seq").asLong() + 100;
					await().atMost(Duration.ofSeconds(30))
						.until(() -> clients.stream().allMatch(c -> c.lastEventSeq() >= target));
					System.out.printf("Failover: killed the publisher at seq %d, survivor published after %d ms%n",
							seqAtKill, takeoverMillis);
					assertThat(takeoverMillis).as("takeover within the lease (1.5 s) and a sync period")
						.isLessThan(5000);
					for (FeedRecorder client : clients) {
						assertContiguous(client.name() + " (connections: " + client.endings() + ")", client.snapshot());
						assertThat(client.snapshot().get(0).seq()).isLessThan(seqAtKill);
					}
					// Per push transport: the client whose stream was on the killed
					// instance
					// (nginx alternates, so one of each pair was) saw it end and came
					// back
					// through nginx; the other kept its stream. Polling is left out:
					// every
					// answer counts as a connection.
					for (String transport : List.of("sse", "websocket")) {
						List<FeedRecorder> ofTransport = clients.stream()
							.filter(c -> c.name().startsWith(transport))
							.toList();
						int[] connections = ofTransport.stream().mapToInt(FeedRecorder::connections).sorted().toArray();
						String endings = ofTransport.stream().map(FeedRecorder::endings).toList().toString();
						assertThat(connections[0])
							.as("%s: the client on the survivor kept its stream (%s)", transport, endings)
							.isEqualTo(1);
						assertThat(connections[1])
							.as("%s: the client on the killed instance came back (%s)", transport, endings)
							.isGreaterThanOrEqualTo(2);
					}
				}
				finally {
					clients.forEach(FeedRecorder::close);
				}
			}
			finally {
				publisher.kill();
			}
		}
	}

}
