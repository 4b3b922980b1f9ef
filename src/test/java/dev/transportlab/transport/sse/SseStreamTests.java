package dev.transportlab.transport.sse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.RawHttp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the SSE stream looks like on the wire: headers, retry, ids, heartbeats, and no
 * timeout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lab.sse.heartbeat=1s", "spring.mvc.async.request-timeout=2s" })
class SseStreamTests {

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	@Test
	void streamsWithTheRightHeadersIdsRetryAndHeartbeatsAndOutlivesTheAsyncTimeout() throws Exception {
		try (FeedRecorder client = FeedRecorder.sse("http://127.0.0.1:" + this.port + "/api/stream", null)) {
			assertThat(client.status()).isEqualTo(200);
			assertThat(client.header("Content-Type").orElse("")).startsWith("text/event-stream");
			assertThat(client.header("X-Accel-Buffering")).hasValue("no");
			assertThat(client.header("Cache-Control").orElse("")).contains("no-cache");
			assertThat(client.header("Content-Encoding")).isEmpty();
			// longer than the (deliberately short) MVC async timeout: the stream must go
			// on
			Thread.sleep(3500);
			List<FeedItem> items = new ArrayList<>();
			// about 35 events by now at 10/s; awaited, so that a feed or client that a
			// busy machine held up for a second does not fail the count
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				client.items().drainTo(items);
				assertThat(items.size()).isGreaterThan(25);
			});
			String epoch = this.feeds.get("live").epoch();
			List<String> lines = List.copyOf(client.lines());
			// the base 2000 ms +/- 50 %, drawn per connection (SseRetryJitterTests)
			assertThat(lines.get(0)).startsWith("retry: ");
			assertThat(Long.parseLong(lines.get(0).substring(7))).isBetween(1000L, 3000L);
			assertThat(lines).contains(": heartbeat");
			assertThat(lines).filteredOn(l -> l.startsWith("id: ")).allMatch(l -> l.startsWith("id: " + epoch + ":"));
			long lastSeq = items.get(items.size() - 1).seq();
			await().atMost(Duration.ofSeconds(10)).until(() -> !client.items().isEmpty());
			assertThat(client.items().peek().seq()).isEqualTo(lastSeq + 1);
		}
	}

	/**
	 * Each stream gets its own retry, so that clients told to come back at the same
	 * instant (a restart) spread over base +/- 50 % instead of returning together.
	 */
	@Test
	void eachStreamGetsItsOwnJitteredRetry() throws Exception {
		List<Long> retries = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			try (RawHttp stream = RawHttp.get(this.port, "/api/stream", "Accept: text/event-stream", 0, 5000)) {
				String line = RawHttp.readLine(stream.body);
				assertThat(line).startsWith("retry: ");
				retries.add(Long.parseLong(line.substring(7)));
			}
		}
		assertThat(retries).allSatisfy(retry -> assertThat(retry).isBetween(1000L, 3000L));
		// 40 uniform draws over 2000 ms: at least half distinct, spread over more than
		// half
		// the range
		assertThat(retries.stream().distinct().count()).isGreaterThan(20);
		assertThat(Collections.max(retries) - Collections.min(retries)).isGreaterThan(1000L);
	}

	@Test
	void theAfterParameterStartsTheFirstConnectionAndLastEventIdWins() throws Exception {
		Feed feed = this.feeds.createPublished("sse-after");
		try {
			for (int i = 0; i < 10; i++) {
				feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}");
			}
			String url = "http://127.0.0.1:" + this.port + "/api/feeds/" + feed.id() + "/stream?after=7";
			try (FeedRecorder client = FeedRecorder.sse(url, null)) {
				assertThat(client.take(3, Duration.ofSeconds(5))).extracting(FeedItem::seq)
					.containsExactly(8L, 9L, 10L);
			}
			// a reconnect: the browser repeats the URL and adds Last-Event-ID, which wins
			try (FeedRecorder client = FeedRecorder.sse(url, feed.epoch() + ":9")) {
				assertThat(client.take(1, Duration.ofSeconds(5))).extracting(FeedItem::seq).containsExactly(10L);
				assertThat(client.take(1, Duration.ofMillis(300))).isEmpty();
			}
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void aGapMovesTheEventIdPastIt() throws Exception {
		Feed feed = this.feeds.createPublished("sse-gap-id");
		try {
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}");
			try (FeedRecorder client = FeedRecorder
				.sse("http://127.0.0.1:" + this.port + "/api/feeds/" + feed.id() + "/stream", "old:40")) {
				List<FeedItem> items = client.take(2, Duration.ofSeconds(5));
				assertThat(items).extracting(FeedItem::describe).containsExactly("gap:epoch:?:0", "1");
				assertThat(client.lines()).contains("event: gap", "id: " + feed.epoch() + ":0");
			}
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

}
