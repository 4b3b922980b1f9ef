package dev.transportlab.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.EventText;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.LabServer;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful shutdown tells every push client to come back at the same instant (SSE
 * {@code event: shutdown}, WebSocket close 1001). With a jittered {@code retry:} per SSE
 * stream and a jittered WebSocket back-off they come back spread over the jitter range,
 * not in one burst. Here the retry base is 1000 ms, so the returns must spread over more
 * than 300 ms of the 1000 ms range; with a fixed retry they would come back within a few
 * milliseconds of each other.
 */
class ReconnectSpreadTests {

	private static final int CLIENTS = 10;

	@Test
	void afterAGracefulShutdownClientsComeBackSpreadOut() throws Exception {
		String[] settings = { "lab.feed.rate=20", "lab.sse.retry-millis=1000", "lab.sse.retry-jitter=0.5" };
		// the kernel picks the first port (one probed free could be taken before the
		// server binds it); the restart reuses it
		ConfigurableApplicationContext first = LabServer.start(0, settings);
		int port = LabServer.port(first);
		ConfigurableApplicationContext second = null;
		List<FeedRecorder> sse = new ArrayList<>();
		List<FeedRecorder> ws = new ArrayList<>();
		try {
			for (int i = 0; i < CLIENTS; i++) {
				// honours the server's retry:, as EventSource does
				sse.add(FeedRecorder.reconnectingSse("sse-" + i, port, "/api/feeds/live/stream", -1));
				ws.add(FeedRecorder.reconnectingWebSocket("websocket-" + i, "ws://127.0.0.1:" + port + "/ws/feeds/live",
						1000, 0.5));
			}
			List<FeedRecorder> all = new ArrayList<>(sse);
			all.addAll(ws);
			await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().allMatch(c -> c.lastEventSeq() > 0));

			first.close();
			long downMicros = EventText.nowMicros();
			second = LabServer.start(port, settings);
			String newEpoch = second.getBean(FeedRegistry.class).get(FeedRegistry.LIVE).epoch();
			long upMicros = EventText.nowMicros();
			long deadline = System.nanoTime() + 30_000_000_000L;
			while (System.nanoTime() < deadline
					&& !all.stream().allMatch(c -> c.snapshot().stream().anyMatch(i -> i.epoch().equals(newEpoch)))) {
				Thread.sleep(50);
			}
			for (FeedRecorder client : all) {
				assertThat(client.snapshot()).as("%s back within 30 s (endings %s)", client.name(), client.endings())
					.anyMatch(i -> i.epoch().equals(newEpoch));
			}

			LongSummaryStatistics sseBack = backMillis(sse, newEpoch, upMicros);
			LongSummaryStatistics wsBack = backMillis(ws, newEpoch, upMicros);
			System.out.printf("down for %d ms; back after the new server was up (ms): SSE %d..%d, WebSocket %d..%d%n",
					(upMicros - downMicros) / 1000, sseBack.getMin(), sseBack.getMax(), wsBack.getMin(),
					wsBack.getMax());
			assertThat(sseBack.getMax() - sseBack.getMin()).as("SSE returns spread (ms)").isGreaterThan(300);
			assertThat(wsBack.getMax() - wsBack.getMin()).as("WebSocket returns spread (ms)").isGreaterThan(300);
			for (FeedRecorder client : all) {
				List<FeedItem> gaps = client.snapshot().stream().filter(FeedItem::isGap).toList();
				assertThat(gaps).as("%s: one epoch gap", client.name())
					.singleElement()
					.satisfies(gap -> assertThat(gap.gap().get("reason").asString()).isEqualTo("epoch"));
			}
		}
		finally {
			sse.forEach(FeedRecorder::close);
			ws.forEach(FeedRecorder::close);
			first.close();
			if (second != null) {
				second.close();
			}
		}
	}

	/**
	 * When each client received its first item of the new epoch, in ms after the server
	 * was up.
	 */
	private static LongSummaryStatistics backMillis(List<FeedRecorder> clients, String epoch, long upMicros) {
		LongSummaryStatistics back = new LongSummaryStatistics();
		for (FeedRecorder client : clients) {
			long at = client.snapshot()
				.stream()
				.filter(i -> i.epoch().equals(epoch))
				.mapToLong(FeedItem::receivedMicros)
				.min()
				.orElseThrow();
			back.accept((at - upMicros) / 1000);
		}
		return back;
	}

}
