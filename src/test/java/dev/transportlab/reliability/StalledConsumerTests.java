package dev.transportlab.reliability;

import dev.transportlab.tools.client.RawHttp;
import dev.transportlab.tools.client.SseFrames;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

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
 * The overflow policy, seen from the wire. A replay window of 1000 events and a feed of
 * 400 events/s of ~9 kB each: an SSE client and a WebSocket client that stop reading for
 * 6 s fill their socket buffers, their writes block, the window moves past them. When
 * they read again they get everything that was already on its way, then a gap notice
 * (reason "overflow") whose {@code missed} is exactly the hole, then the stream goes on
 * from there; no hole is ever left unannounced. Healthy clients on the same feed
 * meanwhile see every event.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lab.replay.size=1000")
class StalledConsumerTests {

	private static final int RATE = 400;

	/**
	 * lab.replay.size: 2.5 s at 400/s, far more than a healthy client lags on a busy
	 * 2-core machine
	 */
	private static final int WINDOW = 1000;

	private static final long STALL_MILLIS = 6000;

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	@Test
	void aStalledClientGetsAnExactOverflowGapWhileHealthyClientsMissNothing() throws Exception {
		Feed feed = this.feeds.create(new FeedSettings(RATE, 500));
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
		String ws = "ws://127.0.0.1:" + this.port + "/ws/feeds/" + feed.id();
		List<FeedRecorder> healthy = List.of(
				FeedRecorder.reconnectingSse("healthy-sse", this.port, "/api/feeds/" + feed.id() + "/stream", 50),
				FeedRecorder.reconnectingWebSocket("healthy-websocket", ws, 50));
		StallingWebSocket stalledWs = new StallingWebSocket();
		WebSocket stalledSocket = http.newWebSocketBuilder()
			.buildAsync(URI.create(ws), stalledWs)
			.get(10, TimeUnit.SECONDS);
		// a small receive buffer, and nobody reading: the server's writes block soon
		try (RawHttp stalledSse = RawHttp.get(this.port, "/api/feeds/" + feed.id() + "/stream",
				"Accept: text/event-stream", 4096, 10_000)) {
			assertThat(stalledSse.status).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10)).until(() -> healthy.stream().allMatch(c -> c.lastEventSeq() > 0));
			long headAtStall = feed.head();
			Thread.sleep(STALL_MILLIS);
			long produced = feed.head() - headAtStall;
			assertThat(produced).as("events produced while stalled").isGreaterThan(WINDOW * 3 / 2);

			stalledWs.resume();
			// first comes what was on its way (megabytes: the server's send buffer
			// grows), read slowly on a loaded machine: each read stops 50 events after
			// the gap, or after 30 s
			List<FeedItem> sse = readSse(stalledSse, 30_000);
			await().atMost(Duration.ofSeconds(30)).until(() -> afterOverflow(stalledWs.items) >= 50);
			List<FeedItem> websocket;
			synchronized (stalledWs.items) {
				websocket = new ArrayList<>(stalledWs.items);
			}
			long head = feed.head();
			System.out.printf("stalled %d ms while the feed made %d events (window %d): sse %s, websocket %s%n",
					STALL_MILLIS, produced, WINDOW, summary(sse), summary(websocket));
			assertExactOverflow("stalled sse", sse);
			assertExactOverflow("stalled websocket", websocket);

			await().atMost(Duration.ofSeconds(10))
				.until(() -> healthy.stream().allMatch(c -> c.lastEventSeq() >= head));
			for (FeedRecorder client : healthy) {
				List<FeedItem> items = client.snapshot();
				ServerRestartTests.assertContiguous(client.name(), items, feed.epoch());
				assertThat(client.connections()).as("%s connections (endings %s)", client.name(), client.endings())
					.isEqualTo(1);
			}
		}
		finally {
			stalledSocket.abort();
			healthy.forEach(FeedRecorder::close);
			this.feeds.remove(feed.id());
		}
	}

	/**
	 * Events up to N, an overflow gap that says it skipped exactly N+1..M, then M+1, M+2,
	 * ... A client that is still slow after it resumed may fall out again: each time it
	 * is told the same way, exactly.
	 */
	private static void assertExactOverflow(String client, List<FeedItem> items) {
		String seen = summary(items);
		assertThat(items).as("%s: %s", client, seen).anyMatch(FeedItem::isGap);
		assertThat(items.get(0).isGap()).as("%s starts with events: %s", client, seen).isFalse();
		for (int i = 1; i < items.size(); i++) {
			FeedItem previous = items.get(i - 1);
			FeedItem item = items.get(i);
			if (item.isGap()) {
				assertThat(previous.isGap()).as("%s: two gaps in a row: %s", client, seen).isFalse();
				long resumeAfter = item.gap().get("resumeAfter").asLong();
				assertThat(item.gap().get("reason").asString()).isEqualTo("overflow");
				assertThat(item.gap().get("requestedAfter").asLong()).as("%s: %s", client, seen)
					.isEqualTo(previous.seq());
				assertThat(item.gap().get("missed").asLong()).as("%s missed: %s", client, seen)
					.isEqualTo(resumeAfter - previous.seq())
					.isPositive();
			}
			else if (previous.isGap()) {
				assertThat(item.seq()).as("%s after a gap: %s", client, seen)
					.isEqualTo(previous.gap().get("resumeAfter").asLong() + 1);
			}
			else {
				assertThat(item.seq()).as("%s in order: %s", client, seen).isEqualTo(previous.seq() + 1);
			}
		}
	}

	private static long afterOverflow(List<FeedItem> items) {
		synchronized (items) {
			int at = -1;
			for (int i = 0; i < items.size(); i++) {
				if (items.get(i).isGap()) {
					at = i;
				}
			}
			return at < 0 ? 0 : items.size() - at - 1;
		}
	}

	private static String summary(List<FeedItem> items) {
		List<String> parts = new ArrayList<>();
		long first = -1;
		long last = -1;
		for (FeedItem item : items) {
			if (item.isGap()) {
				if (first >= 0) {
					parts.add(first + ".." + last);
				}
				parts.add(item.describe());
				first = -1;
			}
			else {
				if (first < 0) {
					first = item.seq();
				}
				last = item.seq();
			}
		}
		if (first >= 0) {
			parts.add(first + ".." + last);
		}
		return String.join(", ", parts);
	}

	/** Reads the SSE stream until 50 events after a gap, or the time is up. */
	private static List<FeedItem> readSse(RawHttp http, long millis) throws IOException {
		List<FeedItem> items = new ArrayList<>();
		long deadline = System.nanoTime() + millis * 1_000_000;
		SseFrames parser = new SseFrames();
		try {
			String line;
			while (System.nanoTime() < deadline && afterOverflow(items) < 50
					&& (line = RawHttp.readLine(http.body)) != null) {
				SseFrames.Frame frame = parser.line(line);
				if (frame != null && frame.isFeedItem()) {
					items.add(FeedItem.parse(frame.data()));
				}
			}
		}
		catch (SocketTimeoutException ex) {
			// nothing more came: the assertions say what is missing
		}
		return items;
	}

	/**
	 * Takes no frame until resumed: the JDK client stops reading the socket when nothing
	 * is requested.
	 */
	private static final class StallingWebSocket implements WebSocket.Listener {

		final List<FeedItem> items = Collections.synchronizedList(new ArrayList<>());

		private final StringBuilder partial = new StringBuilder();

		private volatile WebSocket socket;

		private volatile boolean stalled;

		@Override
		public void onOpen(WebSocket webSocket) {
			this.socket = webSocket;
			webSocket.request(20); // a few frames to know where it starts
			this.stalled = true;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.items.add(FeedItem.parse(this.partial.toString()));
				this.partial.setLength(0);
			}
			return null;
		}

		void resume() {
			this.stalled = false;
			this.socket.request(Long.MAX_VALUE); // and from now on read as fast as frames
													// come
		}

	}

}
