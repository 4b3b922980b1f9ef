package dev.transportlab.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unreadable resume point is a gap, never a refusal: on every resumable transport the
 * client is served (SSE and polling 200, the WebSocket handshake accepted), gets a gap of
 * reason {@code malformed} that quotes its value, then the latest event and live events
 * after it, without a hole. The values are the ones that killed real EventSource clients
 * with a 400.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MalformedResumeTests {

	static final List<String> VALUES = List.of("xyz", "-1", "abc:", ":12", "12345678901234567890", "0xFF");

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	static Stream<String> values() {
		return VALUES.stream();
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private static String encoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@ParameterizedTest(name = "Last-Event-ID: {0}")
	@MethodSource("values")
	void sseWithAMalformedLastEventIdGetsAGapThenLiveEvents(String value) throws Exception {
		long headBefore = liveHead();
		try (FeedRecorder client = FeedRecorder.sse(base() + "/api/stream", value)) {
			assertThat(client.status()).isEqualTo(200);
			assertGapThenLive(client, value, headBefore);
			String epoch = this.feeds.get(FeedRegistry.LIVE).epoch();
			// the gap's id moves Last-Event-ID to a readable point: a reconnect resumes
			// cleanly
			List<String> lines = List.copyOf(client.lines());
			int gapLine = lines.indexOf("event: gap");
			assertThat(lines.get(gapLine - 1)).matches("id: " + epoch + ":\\d+");
		}
	}

	@ParameterizedTest(name = "SSE ?after={0}")
	@MethodSource("values")
	void sseWithAMalformedAfterGetsAGapThenLiveEvents(String value) throws Exception {
		long headBefore = liveHead();
		try (FeedRecorder client = FeedRecorder.sse(base() + "/api/feeds/live/stream?after=" + encoded(value), null)) {
			assertThat(client.status()).isEqualTo(200);
			assertGapThenLive(client, value, headBefore);
		}
	}

	@ParameterizedTest(name = "WebSocket ?after={0}")
	@MethodSource("values")
	void aWebSocketWithAMalformedAfterOpensAndGetsAGapThenLiveEvents(String value) throws Exception {
		long headBefore = liveHead();
		try (FeedRecorder client = FeedRecorder
			.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/live?after=" + encoded(value), null)) {
			assertGapThenLive(client, value, headBefore);
			assertThat(client.closeCode()).isNotDone();
		}
	}

	@ParameterizedTest(name = "polling ?after={0}")
	@MethodSource("values")
	void pollingWithAMalformedAfterGetsA200WithAGapThenGoesOn(String value) throws Exception {
		JsonNode first = poll("after=" + encoded(value), 200);
		assertMalformedGap(first.get("gap"), value);
		assertThat(first.get("events")).hasSize(1);
		long latest = first.get("events").get(0).get("seq").asLong();
		assertThat(first.get("gap").get("resumeAfter").asLong()).isEqualTo(latest - 1);
		// the answer's cursor is readable: the next poll goes on from it without a gap
		JsonNode next = poll(
				"after=" + first.get("next").asString() + "&epoch=" + first.get("epoch").asString() + "&wait=5", 200);
		assertThat(next.has("gap")).isFalse();
		assertThat(next.get("events").get(0).get("seq").asLong()).isEqualTo(latest + 1);
	}

	@ParameterizedTest(name = "long polling ?after={0}")
	@MethodSource("values")
	void longPollingWithAMalformedAfterIsAnsweredAtOnceWithAGap(String value) throws Exception {
		long started = System.nanoTime();
		JsonNode answer = poll("after=" + encoded(value) + "&wait=20", 200);
		// the gap is news: nothing to wait for
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertMalformedGap(answer.get("gap"), value);
	}

	@ParameterizedTest(name = "epoch={0}")
	@ValueSource(strings = { "bad epoch", "é", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee" })
	void aMalformedEpochParameterIsAGapQuotingTheEpoch(String epoch) throws Exception {
		JsonNode answer = poll("after=5&epoch=" + encoded(epoch), 200);
		assertMalformedGap(answer.get("gap"), epoch);
	}

	private JsonNode poll(String query, int status) throws Exception {
		HttpResponse<String> response = JsonHttp.HTTP.send(
				HttpRequest.newBuilder(URI.create(base() + "/api/feeds/live/events?" + query)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JsonHttp.JSON.readTree(response.body());
	}

	/**
	 * The live feed's head, once it is past 1: from then on the latest event (LATEST
	 * catch-up) and the whole window (HISTORY, which resumes after oldest - 1 = 0)
	 * differ.
	 */
	private long liveHead() throws InterruptedException {
		Feed live = this.feeds.get(FeedRegistry.LIVE);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (live.head() < 2 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(live.head()).as("live head").isGreaterThanOrEqualTo(2);
		return live.head();
	}

	/** A malformed gap first, then the latest event, then live ones, each seq once. */
	private void assertGapThenLive(FeedRecorder client, String value, long headBefore) throws InterruptedException {
		List<FeedItem> items = new ArrayList<>(client.take(4, Duration.ofSeconds(10)));
		assertThat(items).as("a gap and three events").hasSize(4);
		assertMalformedGap(items.get(0).gap(), value);
		long resumeAfter = items.get(0).gap().get("resumeAfter").asLong();
		assertThat(items.subList(1, 4)).extracting(FeedItem::seq)
			.containsExactly(resumeAfter + 1, resumeAfter + 2, resumeAfter + 3);
		// the latest event, not the window: it goes on right before the head the feed had
		// when the client came (a HISTORY catch-up would resume after oldest - 1 = 0)
		assertThat(resumeAfter).as("resumeAfter: the latest event when the client came (head %d) - 1", headBefore)
			.isGreaterThanOrEqualTo(headBefore - 1)
			.isGreaterThan(this.feeds.get(FeedRegistry.LIVE).oldest() - 1);
	}

	static void assertMalformedGap(JsonNode gap, String value) {
		assertThat(gap).as("a gap notice").isNotNull();
		assertThat(gap.get("reason").asString()).isEqualTo("malformed");
		assertThat(gap.get("requestedValue").asString())
			.isEqualTo(value.length() <= 40 ? value : value.substring(0, 40) + "...");
		assertThat(gap.get("missed").isNull()).isTrue();
		assertThat(gap.get("requestedAfter").isNull()).isTrue();
	}

}
