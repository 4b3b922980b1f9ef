package dev.transportlab.transport.websocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** Resume by message, the close codes for bad input, and who may open a socket. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "lab.allowed-origins=http://workshop.example:3000")
class WebSocketProtocolTests {

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	private String url(String feed) {
		return "ws://127.0.0.1:" + this.port + "/ws/feeds/" + feed;
	}

	@Test
	void resumesFromAResumeMessage() throws Exception {
		// a history feed: after another epoch it replays its whole window, in order, once
		Feed feed = this.feeds.createPublished("ws-resume-message", CatchUp.HISTORY);
		try {
			for (int i = 0; i < 20; i++) {
				feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}");
			}
			try (FeedRecorder client = FeedRecorder.webSocket(url(feed.id()), null)) {
				assertThat(client.take(1, Duration.ofSeconds(5))).extracting(FeedItem::seq).containsExactly(20L);
				client.send("{\"type\":\"resume\",\"after\":17,\"epoch\":\"" + feed.epoch() + "\"}");
				assertThat(client.take(3, Duration.ofSeconds(5))).extracting(FeedItem::seq)
					.containsExactly(18L, 19L, 20L);
				client.send("{\"type\":\"resume\",\"after\":5,\"epoch\":\"gone\"}");
				List<FeedItem> items = client.take(21, Duration.ofSeconds(5));
				assertThat(items.get(0).describe()).isEqualTo("gap:epoch:?:0");
				assertThat(items.subList(1, 21)).extracting(FeedItem::seq)
					.containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
				feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}");
				// and nothing more than the next event: no duplicate, no second gap
				// (the event is given 5 s to come, as above; a single 500 ms wait for
				// both failed when it came late)
				assertThat(client.take(1, Duration.ofSeconds(5))).extracting(FeedItem::describe).containsExactly("21");
				assertThat(client.take(1, Duration.ofMillis(500))).as("after 21").isEmpty();
			}
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void resumesFromAPercentEncodedCursorInTheQuery() throws Exception {
		Feed feed = this.feeds.createPublished("ws-resume-encoded");
		try {
			for (int i = 0; i < 10; i++) {
				feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}");
			}
			// as URLSearchParams writes it: the ':' of E:N becomes %3A
			String after = feed.epoch() + "%3A" + 7;
			try (FeedRecorder client = FeedRecorder.webSocket(url(feed.id()) + "?after=" + after, null)) {
				assertThat(client.take(3, Duration.ofSeconds(5))).extracting(FeedItem::seq)
					.containsExactly(8L, 9L, 10L);
			}
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "not json", "{\"type\":\"subscribe\"}", "[1,2,3]", "{\"type\":\"resume\"}",
			"{\"type\":\"resume\",\"after\":-1}", "{\"type\":\"resume\",\"after\":\"ten\"}",
			"{\"type\":\"resume\",\"after\":1,\"epoch\":5}",
			"{\"type\":\"resume\",\"after\":1,\"epoch\":\"no spaces\"}" })
	void closesWith1008OnAMalformedOrUnknownMessage(String message) throws Exception {
		FeedRecorder client = FeedRecorder.webSocket(url("live"), null);
		client.send(message);
		assertThat(client.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1008);
		assertThat(client.closeReason()).isNotBlank();
	}

	@Test
	void closesWith1003OnABinaryFrame() throws Exception {
		FeedRecorder client = FeedRecorder.webSocket(url("live"), null);
		client.sendBinary(new byte[] { 1, 2, 3 });
		assertThat(client.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1003);
	}

	@Test
	void closesWith1009OnAnOversizedMessage() throws Exception {
		FeedRecorder client = FeedRecorder.webSocket(url("live"), null);
		client.send("{\"type\":\"resume\",\"after\":1,\"pad\":\"" + "x".repeat(20_000) + "\"}");
		assertThat(client.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1009);
	}

	@Test
	void refusesAForeignOriginAndAcceptsAnAllowedOne() throws Exception {
		Throwable refused = catchThrowable(() -> FeedRecorder.webSocket(url("live"), "http://evil.example"));
		assertThat(refused).isInstanceOf(FeedRecorder.Refused.class);
		assertThat(((FeedRecorder.Refused) refused).status()).isEqualTo(403);

		try (FeedRecorder allowed = FeedRecorder.webSocket(url("live"), "http://workshop.example:3000")) {
			assertThat(allowed.take(1, Duration.ofSeconds(5))).hasSize(1);
		}
		try (FeedRecorder sameOrigin = FeedRecorder.webSocket(url("live"), "http://127.0.0.1:" + this.port)) {
			assertThat(sameOrigin.take(1, Duration.ofSeconds(5))).hasSize(1);
		}
	}

	@Test
	void refusesAnUnknownFeedButNotAnUnreadablePosition() throws Exception {
		Throwable unknown = catchThrowable(() -> FeedRecorder.webSocket(url("nope"), null));
		assertThat(((FeedRecorder.Refused) unknown).status()).isEqualTo(404);
		try (FeedRecorder client = FeedRecorder.webSocket(url("live") + "?after=abc", null)) {
			List<FeedItem> items = client.take(2, Duration.ofSeconds(5));
			assertThat(items).extracting(FeedItem::describe).first().asString().startsWith("gap:malformed:?:");
			assertThat(items.get(1).isGap()).isFalse();
		}
	}

	@Test
	void anEpochAndSeqInTheAfterParameterAreReadAfterDecoding() throws Exception {
		Feed feed = this.feeds.createPublished("ws-encoded-after");
		try {
			for (int i = 0; i < 5; i++) {
				feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}");
			}
			// what URLSearchParams and URLEncoder make of "E:2"
			try (FeedRecorder client = FeedRecorder.webSocket(url(feed.id()) + "?after=" + feed.epoch() + "%3A2",
					null)) {
				assertThat(client.take(3, Duration.ofSeconds(5))).extracting(FeedItem::describe)
					.containsExactly("3", "4", "5");
			}
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void aClosedSocketLeavesTheFeed() throws Exception {
		// a feed of its own: on the shared live feed, a socket of an earlier test that
		// leaves meanwhile would move the count as well
		Feed feed = this.feeds.createPublished("ws-close");
		try {
			FeedRecorder client = FeedRecorder.webSocket(url(feed.id()), null);
			await().atMost(Duration.ofSeconds(5)).until(() -> feed.subscriptionCount() == 1);
			client.close();
			await().atMost(Duration.ofSeconds(5)).until(() -> feed.subscriptionCount() == 0);
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

}
