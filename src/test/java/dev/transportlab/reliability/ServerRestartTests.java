package dev.transportlab.reliability;

import dev.transportlab.tools.client.LabServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server goes down mid-stream and comes back on the same port with a new epoch (its
 * history is gone). Every transport must notice, reconnect by itself, say so with a gap
 * notice of reason "epoch" and receive new events within 5 s of the new server being up;
 * none may stall waiting for a seq of the old epoch.
 */
class ServerRestartTests {

	@Test
	void everyTransportReconnectsReportsTheNewEpochAndIsBackWithinFiveSeconds() throws Exception {
		// the kernel picks the first port (a port probed free, then bound seconds later,
		// can be taken meanwhile); the restart reuses it
		ConfigurableApplicationContext first = LabServer.start(0, "lab.feed.rate=20");
		int port = LabServer.port(first);
		String base = "http://127.0.0.1:" + port;
		ConfigurableApplicationContext second = null;
		List<FeedRecorder> clients = new ArrayList<>();
		try {
			String oldEpoch = first.getBean(FeedRegistry.class).get(FeedRegistry.LIVE).epoch();
			clients.add(FeedRecorder.reconnectingPolling("polling", base, "live", 0, 200, 300));
			clients.add(FeedRecorder.reconnectingPolling("long-polling", base, "live", 10, 0, 300));
			// reconnects after the server's retry: (2000 ms), as EventSource does
			clients.add(FeedRecorder.reconnectingSse("sse", port, "/api/feeds/live/stream", -1));
			clients
				.add(FeedRecorder.reconnectingWebSocket("websocket", "ws://127.0.0.1:" + port + "/ws/feeds/live", 500));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> clients.stream()
					.allMatch(c -> c.snapshot().stream().filter(i -> !i.isGap()).count() >= 5));

			first.close();
			Thread.sleep(500); // down for a moment: every client hits a refused
								// connection at least once
			second = LabServer.start(port, "lab.feed.rate=20");
			long upNanos = System.nanoTime();
			String newEpoch = second.getBean(FeedRegistry.class).get(FeedRegistry.LIVE).epoch();
			assertThat(newEpoch).isNotEqualTo(oldEpoch);

			Map<String, Long> backAfterMillis = new LinkedHashMap<>();
			for (FeedRecorder client : clients) {
				while (client.snapshot().stream().noneMatch(i -> !i.isGap() && i.epoch().equals(newEpoch))
						&& System.nanoTime() - upNanos < 5_000_000_000L) {
					Thread.sleep(20);
				}
				assertThat(client.snapshot())
					.as("%s back on epoch %s within 5 s (endings %s)", client.name(), newEpoch, client.endings())
					.anyMatch(i -> !i.isGap() && i.epoch().equals(newEpoch));
				backAfterMillis.put(client.name(), (System.nanoTime() - upNanos) / 1_000_000);
			}
			System.out.println("back on the new epoch, ms after the new server was up: " + backAfterMillis);

			for (FeedRecorder client : clients) {
				List<FeedItem> items = client.snapshot();
				List<FeedItem> gaps = items.stream().filter(FeedItem::isGap).toList();
				assertThat(gaps).as("%s gaps", client.name()).hasSize(1);
				FeedItem gap = gaps.get(0);
				assertThat(gap.gap().get("reason").asString()).isEqualTo("epoch");
				assertThat(gap.gap().get("epoch").asString()).isEqualTo(newEpoch);
				assertThat(gap.gap().get("requestedEpoch").asString()).isEqualTo(oldEpoch);
				assertThat(gap.gap().get("missed").isNull()).as("missed is unknowable across a restart").isTrue();
				int at = items.indexOf(gap);
				// before the gap only the old epoch, after it only the new one, each
				// without holes
				assertContiguous(client.name(), items.subList(0, at), oldEpoch);
				List<FeedItem> after = items.subList(at + 1, items.size());
				assertContiguous(client.name(), after, newEpoch);
				assertThat(after.get(0).seq()).isEqualTo(gap.gap().get("resumeAfter").asLong() + 1);
			}
			assertThat(clients.get(2).endings()).as("sse endings").contains("shutdown notice, then end");
			assertThat(clients.get(3).endings()).as("websocket endings").contains("close 1001");
			System.out
				.println("how connections ended: " + clients.stream().map(c -> c.name() + "=" + c.endings()).toList());
		}
		finally {
			clients.forEach(FeedRecorder::close);
			first.close();
			if (second != null) {
				second.close();
			}
		}
	}

	static void assertContiguous(String client, List<FeedItem> items, String epoch) {
		assertThat(items).as("%s: items of epoch %s", client, epoch).isNotEmpty();
		assertThat(items.stream().filter(FeedItem::isGap).map(FeedItem::describe).toList()).as("%s: gaps", client)
			.isEmpty();
		assertThat(items.stream().map(FeedItem::epoch).distinct().toList()).as("%s: epochs", client)
			.containsExactly(epoch);
		for (int i = 1; i < items.size(); i++) {
			assertThat(items.get(i).seq()).as("%s: seq after %d", client, items.get(i - 1).seq())
				.isEqualTo(items.get(i - 1).seq() + 1);
		}
	}

}
