package dev.transportlab.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.transportlab.feed.CatchUp;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recovery table, in the spirit of Centrifugo's and Socket.IO's: one feed holding seq
 * 1..150 with a window of 100 (so 51..150 are replayable), a client resuming from each
 * kind of position on each resumable transport, then one more event (151). What the
 * client must see is written out exactly, for both catch-up policies where they differ.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lab.replay.size=100")
class ResumeTableTests {

	private static final AtomicInteger feedNumber = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	static Stream<Arguments> table() {
		List<Arguments> rows = new ArrayList<>();
		for (String transport : List.of("polling", "long-polling", "sse", "fetch", "websocket")) {
			rows.add(Arguments.of(transport, "inside the window", "140", null,
					List.of("141", "142", "143", "144", "145", "146", "147", "148", "149", "150", "151")));
			rows.add(Arguments.of(transport, "current position", "150", null, List.of("151")));
			rows.add(Arguments.of(transport, "future position", "500", null, List.of("gap:future:?:150", "151")));
			rows.add(Arguments.of(transport, "expired position", "10", null,
					concat(List.of("gap:expired:40:50"), range(51, 151))));
			// a client that lost its place gets what a new client gets (the latest
			// event),
			// or the whole window on a feed whose history is the point (a job's)
			rows.add(Arguments.of(transport, "another epoch", "140", "old-epoch",
					List.of("gap:epoch:?:149", "150", "151")));
			rows.add(Arguments.of(transport, "another epoch, history feed", "140", "old-epoch",
					concat(List.of("gap:epoch:?:50"), range(51, 151))));
			rows.add(Arguments.of(transport, "unreadable", "xyz", null, List.of("gap:malformed:?:149", "150", "151")));
			rows.add(Arguments.of(transport, "unreadable, history feed", "0xFF", null,
					concat(List.of("gap:malformed:?:50"), range(51, 151))));
		}
		return rows.stream();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("table")
	void resumesExactly(String transport, String position, String after, String epoch, List<String> expected)
			throws Exception {
		Feed feed = this.feeds.createPublished("resume-" + feedNumber.incrementAndGet(),
				position.endsWith("history feed") ? CatchUp.HISTORY : CatchUp.LATEST);
		try {
			appendEvents(feed, 150);
			try (FeedRecorder client = open(transport, feed.id(), after, epoch)) {
				if (transport.equals("sse") || transport.equals("fetch") || transport.equals("websocket")) {
					await().atMost(Duration.ofSeconds(5)).until(() -> feed.subscriptionCount() == 1);
				}
				else if (expected.size() > 1) {
					// the first poll answers at once (a gap or part of the window): it
					// must have seen the feed as it is before event 151 (a fixed 300 ms
					// sleep lost that race on a busy machine)
					await().atMost(Duration.ofSeconds(10)).until(() -> !client.snapshot().isEmpty());
				}
				else {
					// at the head: nothing to answer yet, whenever it asks
					Thread.sleep(300);
				}
				appendEvents(feed, 1);
				List<FeedItem> items = client.take(expected.size(), Duration.ofSeconds(10));
				assertThat(items).extracting(FeedItem::describe).containsExactlyElementsOf(expected);
				// and nothing more: no duplicate, no stray gap
				assertThat(client.take(1, Duration.ofMillis(400))).isEmpty();
			}
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	private FeedRecorder open(String transport, String feed, String after, String epoch) throws Exception {
		String base = "http://127.0.0.1:" + this.port;
		return switch (transport) {
			case "polling" -> FeedRecorder.polling(base, feed, after, epoch, 0, 100);
			case "long-polling" -> FeedRecorder.polling(base, feed, after, epoch, 5, 0);
			// SSE resumes from Last-Event-ID, as EventSource does on reconnect
			case "sse" ->
				FeedRecorder.sse(base + "/api/feeds/" + feed + "/stream", epoch == null ? after : epoch + ":" + after);
			// fetch sets the same header on its first request too
			case "fetch" -> FeedRecorder.fetch(base + "/api/feeds/" + feed + "/stream",
					epoch == null ? after : epoch + ":" + after);
			case "websocket" -> FeedRecorder.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/" + feed + "?after="
					+ after + (epoch == null ? "" : "&epoch=" + epoch), null);
			default -> throw new IllegalArgumentException(transport);
		};
	}

	private static void appendEvents(Feed feed, int count) {
		for (int i = 0; i < count; i++) {
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}");
		}
	}

	private static List<String> range(int from, int to) {
		List<String> seqs = new ArrayList<>();
		for (int seq = from; seq <= to; seq++) {
			seqs.add(Integer.toString(seq));
		}
		return seqs;
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

}
