package dev.transportlab.feed.redis;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;
import dev.transportlab.tools.client.LabServer;
import dev.transportlab.tools.client.RedisProcess;
import dev.transportlab.tools.client.SseFrames.Frame;

import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

import static dev.transportlab.feed.redis.RedisTestSupport.assertContiguous;
import static dev.transportlab.feed.redis.RedisTestSupport.get;
import static dev.transportlab.feed.redis.RedisTestSupport.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances, one Redis: a resume point from instance A continues on instance B with
 * nothing lost or repeated, on every resumable transport; settings, benchmark feeds and
 * client counts are the same seen from either instance.
 */
class CrossInstanceTests {

	private static RedisProcess redis;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() throws Exception {
		RedisTestSupport.requireServers(false);
		redis = RedisProcess.start(Files.createTempDirectory("lab-redis-"));
		a = RedisTestSupport.instance(redis.port());
		b = RedisTestSupport.instance(redis.port());
	}

	@AfterAll
	static void stop() {
		if (b != null) {
			b.close();
		}
		if (a != null) {
			a.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void bothInstancesServeOneHistory() throws Exception {
		JsonNode fromA = get(url(a) + "/api/feeds/live");
		JsonNode fromB = get(url(b) + "/api/feeds/live");
		assertThat(fromA.get("epoch").asString()).isEqualTo(fromB.get("epoch").asString());
		assertThat(fromA.get("log").get("type").asString()).isEqualTo("redis");
		assertThat(fromA.get("log").get("state").asString()).isEqualTo("ok");
		// exactly one of them publishes
		assertThat(fromA.get("log").get("publisher").asBoolean() ^ fromB.get("log").get("publisher").asBoolean())
			.as("one publisher: A %s, B %s", fromA.get("log"), fromB.get("log"))
			.isTrue();
		JsonNode health = get(url(a) + "/actuator/health");
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("redis").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void sseResumesOnTheOtherInstance() throws Exception {
		List<FeedItem> items = new ArrayList<>();
		String lastId = null;
		ConfigurableApplicationContext[] hops = { a, b, a, b };
		for (ConfigurableApplicationContext instance : hops) {
			try (FeedRecorder sse = FeedRecorder.sse(url(instance) + "/api/feeds/live/stream", lastId)) {
				assertThat(sse.status()).isEqualTo(200);
				int events = 0;
				while (events < 15) {
					Frame frame = sse.nextFrame(Duration.ofSeconds(10));
					assertThat(frame).as("an SSE frame within 10 s").isNotNull();
					items.add(FeedItem.parse(frame.data()));
					if (frame.event() == null) {
						events++;
						lastId = frame.id();
					}
				}
			}
		}
		assertContiguous("SSE across A, B, A, B", items);
	}

	@Test
	void webSocketResumesOnTheOtherInstance() throws Exception {
		List<FeedItem> items = new ArrayList<>();
		String query = "";
		ConfigurableApplicationContext[] hops = { b, a, b, a };
		for (ConfigurableApplicationContext instance : hops) {
			String ws = "ws://127.0.0.1:" + LabServer.port(instance) + "/ws/feeds/live" + query;
			try (FeedRecorder socket = FeedRecorder.webSocket(ws, null)) {
				for (int i = 0; i < 15; i++) {
					String message = socket.nextText(Duration.ofSeconds(10));
					assertThat(message).as("a WebSocket message within 10 s").isNotNull();
					FeedItem item = FeedItem.parse(message);
					items.add(item);
					query = "?after=" + item.seq() + "&epoch=" + item.epoch();
				}
			}
		}
		assertContiguous("WebSocket across B, A, B, A", items);
	}

	@Test
	void longPollingResumesOnTheOtherInstance() throws Exception {
		List<FeedItem> items = new ArrayList<>();
		String after = null;
		String epoch = null;
		for (int i = 0; i < 12; i++) {
			ConfigurableApplicationContext instance = (i % 2 == 0) ? a : b;
			String url = url(instance) + "/api/feeds/live/events?wait=5"
					+ (after != null ? "&after=" + after + "&epoch=" + epoch : "");
			JsonNode body = get(url);
			assertThat(body.has("gap")).as("poll %d on %s: %s", i, url, body).isFalse();
			for (JsonNode event : body.get("events")) {
				items.add(FeedItem.parse(event.toString()));
			}
			after = body.get("next").asString();
			epoch = body.get("epoch").asString();
		}
		assertContiguous("long polling alternating A and B", items);
		// each long poll answers with at least one event (often exactly one on a quiet
		// machine)
		assertThat(items.size()).isGreaterThanOrEqualTo(12);
	}

	@Test
	void jobsAreSeenFollowedAndCancelledFromEitherInstance() throws Exception {
		var started = JsonHttp.send("POST", url(a) + "/api/jobs", "{\"steps\":200,\"stepMillis\":50}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
		JsonNode job = JsonHttp.parse(started.body());
		long id = job.get("id").asLong();
		var other = JsonHttp.send("POST", url(b) + "/api/jobs", "{\"steps\":5,\"stepMillis\":50}");
		assertThat(JsonHttp.parse(other.body()).get("id").asLong()).as("job ids are unique across instances")
			.isNotEqualTo(id);

		JsonNode onB = get(url(b) + "/api/jobs/" + id);
		assertThat(onB.get("state").asString()).isEqualTo("running");
		assertThat(onB.get("epoch").asString()).isEqualTo(job.get("epoch").asString());
		// B follows A's job feed from its start
		try (FeedRecorder sse = FeedRecorder.sse(url(b) + "/api/feeds/job-" + id + "/stream?after=0", null)) {
			List<FeedItem> items = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				Frame frame = sse.nextFrame(Duration.ofSeconds(10));
				assertThat(frame).as("job progress through B").isNotNull();
				items.add(FeedItem.parse(frame.data()));
			}
			assertContiguous("job-" + id + " through B", items);
			assertThat(items.get(0).seq()).isEqualTo(1);
		}
		assertThat(get(url(b) + "/api/jobs").findValues("id").stream().map(JsonNode::asLong)).contains(id);

		var cancelled = JsonHttp.send("DELETE", url(b) + "/api/jobs/" + id, null);
		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		assertThat(JsonHttp.parse(cancelled.body()).get("state").asString()).isEqualTo("cancelled");
		assertThat(get(url(a) + "/api/jobs/" + id).get("state").asString()).isEqualTo("cancelled");
		assertThat(JsonHttp.send("DELETE", url(b) + "/api/jobs/" + id, null).statusCode()).isEqualTo(409);
	}

	/**
	 * A job feed followed from the instance that did not make it still replays its whole
	 * history to a client that lost its place (another epoch, an unreadable point), as
	 * its maker would (CatchUp.HISTORY), not only its latest event.
	 */
	@Test
	void aJobFeedFollowedFromTheOtherInstanceReplaysItsHistoryAfterALostPlace() throws Exception {
		var started = JsonHttp.send("POST", url(a) + "/api/jobs", "{\"steps\":40,\"stepMillis\":50}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
		String feed = "job-" + JsonHttp.parse(started.body()).get("id").asLong();
		await().atMost(Duration.ofSeconds(10)).until(() -> get(url(b) + "/api/feeds/" + feed).get("seq").asLong() >= 5);
		for (String lost : List.of("after=xyz", "after=5&epoch=another-epoch")) {
			JsonNode answer = get(url(b) + "/api/feeds/" + feed + "/events?" + lost);
			JsonNode gap = answer.get("gap");
			assertThat(gap).as("%s on B: a gap", lost).isNotNull();
			assertThat(gap.get("reason").asString()).isEqualTo(lost.contains("epoch") ? "epoch" : "malformed");
			assertThat(gap.get("resumeAfter").asLong()).as("%s on B: the whole window", lost).isZero();
			assertThat(answer.get("events").get(0).get("seq").asLong()).isEqualTo(1);
			assertThat(answer.get("events").size()).isGreaterThanOrEqualTo(5);
		}
		JsonHttp.send("DELETE", url(a) + "/api/jobs/" + feed.substring(4), null);
	}

	@Test
	void settingsClientCountsAndBenchmarkFeedsAreShared() throws Exception {
		var put = JsonHttp.send("PUT", url(b) + "/api/feeds/live", "{\"markers\":7}");
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get(url(a) + "/api/feeds/live").get("markers").asInt()).isEqualTo(7));
		// the publisher makes events with the new size, whichever instance it is
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode poll = get(url(a) + "/api/feeds/live/events");
			assertThat(poll.get("events").get(0).get("markers").size()).isEqualTo(7);
		});
		JsonHttp.send("PUT", url(a) + "/api/feeds/live", "{\"markers\":5}");

		try (FeedRecorder sse = FeedRecorder.sse(url(a) + "/api/feeds/live/stream", null)) {
			assertThat(sse.nextFrame(Duration.ofSeconds(10))).isNotNull();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(get(url(b) + "/api/feeds/live").get("subscribers").get("sse").asInt())
					.as("B counts A's SSE client")
					.isGreaterThanOrEqualTo(1));
		}

		var created = JsonHttp.send("POST", url(a) + "/api/feeds", "{\"rate\":20,\"markers\":3}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = JsonHttp.parse(created.body()).get("id").asString();
		JsonNode onB = get(url(b) + "/api/feeds/" + id);
		assertThat(onB.get("rate").asInt()).isEqualTo(20);
		assertThat(onB.get("epoch").asString()).isEqualTo(JsonHttp.parse(created.body()).get("epoch").asString());
		try (FeedRecorder sse = FeedRecorder.sse(url(b) + "/api/feeds/" + id + "/stream", null)) {
			Frame first = sse.nextFrame(Duration.ofSeconds(10));
			assertThat(first).as("an event of %s through B", id).isNotNull();
			assertThat(JsonHttp.parse(first.data()).get("markers").size()).isEqualTo(3);
		}
		assertThat(a.getBean(FeedRegistry.class).get(id).epoch())
			.isEqualTo(b.getBean(FeedRegistry.class).get(id).epoch());
	}

}
