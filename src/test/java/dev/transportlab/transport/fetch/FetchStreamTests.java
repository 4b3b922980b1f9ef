package dev.transportlab.transport.fetch;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.Transport;
import dev.transportlab.tools.client.AsyncClients;
import dev.transportlab.tools.client.ClientOptions;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SSE over fetch on real sockets: {@code POST /api/feeds/{id}/stream} answers the same
 * stream as the EventSource endpoint (same frames, gaps and heartbeats), resumes from
 * {@code Last-Event-ID} with nothing lost or duplicated, answers an unreadable
 * {@code Last-Event-ID} with a gap (never a refusal), and refuses a body that is not a
 * JSON object with problem+json.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lab.sse.heartbeat=1s")
class FetchStreamTests {

	private static final AtomicInteger FEED_NUMBER = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	private String stream(String feed) {
		return "http://127.0.0.1:" + this.port + "/api/feeds/" + feed + "/stream";
	}

	@Test
	void answersThePostWithTheSameFramesAsTheEventSourceEndpoint() throws Exception {
		Feed feed = this.feeds.createPublished("fetch-frames");
		try {
			append(feed, 3);
			// from another epoch: a gap notice first, then the window (history is kept)
			try (FeedRecorder fetch = FeedRecorder.fetch(stream(feed.id()), "old:2");
					FeedRecorder sse = FeedRecorder.sse(stream(feed.id()), "old:2")) {
				assertThat(fetch.status()).isEqualTo(200);
				assertThat(fetch.header("Content-Type").orElse("")).startsWith("text/event-stream");
				assertThat(fetch.header("X-Accel-Buffering")).hasValue("no");
				assertThat(fetch.header("Cache-Control").orElse("")).contains("no-cache");
				await().atMost(Duration.ofSeconds(5))
					.until(() -> feed.subscriptionCount() == 2 && feed.clients().get(Transport.FETCH) == 1);
				append(feed, 2);
				assertThat(fetch.take(4, Duration.ofSeconds(5))).extracting(FeedItem::describe)
					.containsExactly("gap:epoch:?:2", "3", "4", "5");
				assertThat(sse.take(4, Duration.ofSeconds(5))).hasSize(4);
				await().atMost(Duration.ofSeconds(10)).until(() -> fetch.lines().contains(": heartbeat"));
				List<String> fetchLines = withoutRetryAndHeartbeats(fetch.lines());
				List<String> sseLines = withoutRetryAndHeartbeats(sse.lines());
				assertThat(fetchLines).as("the fetch stream, line by line").isEqualTo(sseLines);
				assertThat(fetchLines).contains("event: gap", "id: " + feed.epoch() + ":2",
						"id: " + feed.epoch() + ":5");
				assertThat(fetch.lines().get(0)).matches("retry: \\d+");
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> feed.clients().get(Transport.FETCH) == 0);
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void resumesFromLastEventIdAcrossDropsWithNothingLostOrDuplicated() throws Exception {
		HttpResponse<String> created = JsonHttp.send("POST", "http://127.0.0.1:" + this.port + "/api/feeds",
				"{\"rate\":50,\"markers\":5}");
		assertThat(created.statusCode()).isEqualTo(201);
		String feed = JsonHttp.parse(created.body()).get("id").asString();
		ClientOptions options = ClientOptions.defaults().withRetry(Duration.ofMillis(200), 0).withLastEventId("0");
		try (FeedRecorder client = FeedRecorder.start("fetch",
				listener -> AsyncClients.shared().fetch(URI.create(stream(feed)), options, listener))) {
			for (int drop = 0; drop < 3; drop++) {
				await().atMost(Duration.ofSeconds(5)).until(() -> client.status() == 200 && client.items().size() > 10);
				assertThat(client.disconnect()).as("a stream to cut").isTrue();
				Thread.sleep(300); // events go on while the client is away
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> client.connections() >= 4 && client.lastEventSeq() > 60);
			List<FeedItem> items = client.snapshot();
			assertThat(items).noneMatch(FeedItem::isGap);
			List<Long> seqs = items.stream().map(FeedItem::seq).toList();
			for (int i = 0; i < seqs.size(); i++) {
				assertThat(seqs.get(i)).as("seq at " + i + " of " + seqs).isEqualTo(i + 1L);
			}
			assertThat(client.requests()).as("one POST per connection").isGreaterThanOrEqualTo(4);
		}
	}

	@ParameterizedTest(name = "Last-Event-ID: {0}")
	@ValueSource(strings = { "abc", "1:2:x", "99999999999999999999", "-5" })
	void anUnreadableLastEventIdIsAGapNotARefusal(String lastEventId) throws Exception {
		Feed feed = this.feeds.createPublished("fetch-malformed-" + FEED_NUMBER.incrementAndGet());
		try {
			append(feed, 3);
			try (FeedRecorder client = FeedRecorder.fetch(stream(feed.id()), lastEventId)) {
				assertThat(client.status()).isEqualTo(200);
				await().atMost(Duration.ofSeconds(5)).until(() -> feed.subscriptionCount() == 1);
				append(feed, 1);
				assertThat(client.take(3, Duration.ofSeconds(5))).extracting(FeedItem::describe)
					.containsExactly("gap:malformed:?:2", "3", "4");
			}
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@ParameterizedTest(name = "body {0}")
	@ValueSource(strings = { "not json", "[1,2]", "\"text\"", "42", "null", "{\"a\":", "<xml/>" })
	void aBodyThatIsNotAJsonObjectIsAProblem(String body) throws Exception {
		// read as a stream: should the server open the SSE stream instead, a whole-body
		// read would never end
		HttpResponse<InputStream> answer = JsonHttp.HTTP.send(HttpRequest.newBuilder(URI.create(stream("live")))
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(5))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofInputStream());
		String text;
		try (InputStream in = answer.body()) {
			assertThat(answer.statusCode()).isEqualTo(400);
			text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JsonHttp.parse(text);
		assertThat(problem.get("type").asString()).isEqualTo("urn:transport-lab:problem:malformed-body");
		assertThat(problem.get("detail").asString()).contains("must be a JSON object").contains("Last-Event-ID");
	}

	@ParameterizedTest(name = "body ''{0}''")
	@ValueSource(strings = { "{}", "", "{\"model\":\"any\",\"ignored\":[1,2]}" })
	void anObjectOrNoBodyOpensTheStream(String body) throws Exception {
		HttpResponse<InputStream> answer = JsonHttp.HTTP.send(HttpRequest.newBuilder(URI.create(stream("live")))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(5))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream in = answer.body()) {
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
			assertThat(new String(in.readNBytes(7))).isEqualTo("retry: ");
		}
	}

	@Test
	void anUnknownFeedIsA404Problem() throws Exception {
		HttpResponse<String> answer = JsonHttp.send("POST", stream("no-such-feed"), "{}");
		assertThat(answer.statusCode()).isEqualTo(404);
		assertThat(JsonHttp.parse(answer.body()).get("type").asString())
			.isEqualTo("urn:transport-lab:problem:unknown-feed");
	}

	private static List<String> withoutRetryAndHeartbeats(List<String> lines) {
		List<String> kept = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.startsWith("retry: ") || line.equals(": heartbeat")) {
				if (i + 1 < lines.size() && lines.get(i + 1).isEmpty()) {
					i++; // the blank line that ends it goes with it
				}
			}
			else {
				kept.add(line);
			}
		}
		return kept;
	}

	private static void append(Feed feed, int count) {
		for (int i = 0; i < count; i++) {
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}");
		}
	}

}
