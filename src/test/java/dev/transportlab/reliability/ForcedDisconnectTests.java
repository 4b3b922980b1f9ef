package dev.transportlab.reliability;

import dev.transportlab.tools.client.TcpProxy;
import dev.transportlab.tools.client.LabServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.FeedSettings;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 200 forced disconnects at random moments across the four transports while a benchmark
 * feed runs at 100 events/s, all inside the replay window: every client must end up with
 * every seq from its first to the feed's head, once each, and no gap notice. Most cuts
 * are the clients' own aborts (socket reset, cancelled request, answer lost after the
 * server sent it); about one in six is a network cut by a relay between client and
 * server, which the server sees as a peer that vanished.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ForcedDisconnectTests {

	private static final int DISCONNECTS = 200;

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	@Test
	void twoHundredRandomDisconnectsLoseAndDuplicateNothingInsideTheWindow() throws Exception {
		Feed feed = this.feeds.create(new FeedSettings(100, 20));
		long seed = System.nanoTime();
		Random random = new Random(seed);
		ListAppender<ILoggingEvent> warnings = LabServer.captureWarnings();
		List<FeedRecorder> clients = new ArrayList<>();
		try (TcpProxy proxy = TcpProxy.start(this.port)) {
			String base = "http://127.0.0.1:" + proxy.port();
			String ws = "ws://127.0.0.1:" + proxy.port() + "/ws/feeds/" + feed.id();
			for (int i = 1; i <= 2; i++) {
				clients.add(FeedRecorder.reconnectingPolling("polling-" + i, base, feed.id(), 0, 50, 50));
				clients.add(FeedRecorder.reconnectingPolling("long-polling-" + i, base, feed.id(), 5, 0, 50));
				clients.add(FeedRecorder.reconnectingSse("sse-" + i, proxy.port(),
						"/api/feeds/" + feed.id() + "/stream", 50));
				clients.add(FeedRecorder.reconnectingWebSocket("websocket-" + i, ws, 50));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> clients.stream().allMatch(c -> c.lastEventSeq() > 0));

			Map<String, Integer> cuts = new TreeMap<>();
			int done = 0;
			long start = System.nanoTime();
			while (done < DISCONNECTS) {
				Thread.sleep(20 + random.nextInt(100));
				boolean cut;
				String by;
				if (random.nextInt(6) == 0) {
					cut = proxy.cutRandom(random);
					by = "network cut (relay)";
				}
				else {
					FeedRecorder client = clients.get(random.nextInt(clients.size()));
					cut = client.disconnect();
					by = client.name().replaceAll("-\\d+$", "") + " client abort";
				}
				if (cut) {
					cuts.merge(by, 1, Integer::sum);
					done++;
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long head = feed.head();
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> clients.stream().allMatch(c -> c.lastEventSeq() >= head));

			System.out.printf("%d forced disconnects in %.1f s (seed %d) while the feed went to seq %d: %s%n", done,
					seconds, seed, head, cuts);
			for (FeedRecorder client : clients) {
				List<FeedItem> items = client.snapshot();
				List<Long> seqs = items.stream().filter(i -> !i.isGap()).map(FeedItem::seq).toList();
				Set<Long> seen = new HashSet<>();
				int duplicates = 0;
				for (long seq : seqs) {
					if (!seen.add(seq)) {
						duplicates++;
					}
				}
				long first = seqs.get(0);
				long last = seqs.get(seqs.size() - 1);
				long missing = (last - first + 1) - seen.size();
				Map<String, Integer> endings = new LinkedHashMap<>();
				List<String> ended;
				synchronized (client.endings()) {
					ended = new ArrayList<>(client.endings());
				}
				ended.forEach(e -> endings.merge(e, 1, Integer::sum));
				System.out.printf(
						"  %-14s seq %d..%d: %d events, %d missing, %d duplicates, %d answers/connections; ends %s%n",
						client.name(), first, last, seqs.size(), missing, duplicates, client.connections(), endings);
				assertThat(items).as("%s: gap notices", client.name()).noneMatch(FeedItem::isGap);
				assertThat(duplicates).as("%s: duplicates", client.name()).isZero();
				assertThat(missing).as("%s: missing", client.name()).isZero();
				for (int i = 1; i < seqs.size(); i++) {
					assertThat(seqs.get(i)).as("%s: in order", client.name()).isEqualTo(seqs.get(i - 1) + 1);
				}
				assertThat(last).isGreaterThanOrEqualTo(head);
			}
			assertThat(LabServer.errors(warnings)).as("ERROR log events").isEmpty();
		}
		finally {
			clients.forEach(FeedRecorder::close);
			LabServer.release(warnings);
			this.feeds.remove(feed.id());
		}
	}

}
