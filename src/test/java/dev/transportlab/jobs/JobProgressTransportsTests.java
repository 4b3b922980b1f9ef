package dev.transportlab.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.SseFrames;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.transportlab.tools.client.JsonHttp.get;
import static dev.transportlab.tools.client.JsonHttp.parse;
import static dev.transportlab.tools.client.JsonHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A job followed by real clients on each transport, through the ordinary feed endpoints:
 * every step once and in order, the final state for a late subscriber at once, and a
 * connection dropped mid-job that resumes without loss.
 */
@JobsSpringBootTestContext
class JobProgressTransportsTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	enum Way {

		POLLING, LONG_POLLING, SSE, WEBSOCKET

	}

	@LocalServerPort
	int port;

	String http(String path) {
		return "http://localhost:" + this.port + path;
	}

	record Started(long id, String feed, String epoch) {
	}

	Started start(int steps, int stepMillis) throws Exception {
		JsonNode job = parse(
				send("POST", http("/api/jobs"), "{\"steps\":" + steps + ",\"stepMillis\":" + stepMillis + "}").body());
		return new Started(job.get("id").asLong(), job.get("feed").asString(), job.get("epoch").asString());
	}

	@ParameterizedTest
	@EnumSource(Way.class)
	void followsAJobFromStartToEndSeeingEveryStepOnceInOrder(Way way) throws Exception {
		Started job = start(15, 30);

		List<JsonNode> events = new Follower(way, job).from(0).untilFinal();

		assertCompleteRun(events, job, 15);
	}

	@ParameterizedTest
	@EnumSource(Way.class)
	void aLateSubscriberGetsTheFinalStateAtOnce(Way way) throws Exception {
		Started job = start(3, 10);
		await().atMost(PATIENCE)
			.until(() -> parse(get(http("/api/jobs/" + job.id())).body()).get("state").asString().equals("succeeded"));

		long began = System.nanoTime();
		List<JsonNode> events = new Follower(way, job).untilFinal(); // no resume point: a
																		// new client

		assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));
		assertThat(events).hasSize(1);
		JsonNode last = events.get(0);
		assertThat(last.get("state").asString()).isEqualTo("succeeded");
		assertThat(last.get("step").asInt()).isEqualTo(3);
		assertThat(last.get("percent").asInt()).isEqualTo(100);
		assertThat(last.get("result").get("processed").asInt()).isEqualTo(3);
		assertThat(last.get("seq").asLong()).isEqualTo(4);
	}

	@ParameterizedTest
	@EnumSource(Way.class)
	void aConnectionDroppedMidJobResumesWithoutLoss(Way way) throws Exception {
		Started job = start(30, 40);
		Follower follower = new Follower(way, job).from(0);

		follower.until(events -> events.size() >= 8);
		follower.drop();
		// steps happen while nobody listens (about ten in 400 ms); awaited, not slept: a
		// fixed sleep needed four steps of the scheduler thread within it
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(parse(get(http("/api/feeds/" + job.feed())).body()).get("seq").asLong())
				.as("the job went on meanwhile")
				.isGreaterThan(follower.lastSeq() + 3));
		List<JsonNode> events = follower.resume().untilFinal();

		assertCompleteRun(events, job, 30);
		assertThat(follower.connections).isEqualTo(2);
	}

	/**
	 * Steps 0..n, seq 1..n+1, each once and in order; running until the last, which
	 * succeeded.
	 */
	private static void assertCompleteRun(List<JsonNode> events, Started job, int steps) {
		assertThat(events).hasSize(steps + 1);
		for (int i = 0; i <= steps; i++) {
			JsonNode event = events.get(i);
			assertThat(event.get("type").asString()).isEqualTo("progress");
			assertThat(event.get("job").asLong()).isEqualTo(job.id());
			assertThat(event.get("epoch").asString()).isEqualTo(job.epoch());
			assertThat(event.get("seq").asLong()).isEqualTo(i + 1);
			assertThat(event.get("step").asInt()).isEqualTo(i);
			assertThat(event.get("percent").asInt()).isEqualTo(i * 100 / steps);
			assertThat(event.get("state").asString()).isEqualTo(i < steps ? "running" : "succeeded");
		}
		assertThat(events.get(events.size() - 1).get("result").get("processed").asInt()).isEqualTo(steps);
	}

	/**
	 * One client of one transport. It remembers where it is (seq, and the SSE id) so that
	 * a reconnect can resume the way that transport's clients do; gap notices fail the
	 * test.
	 */
	final class Follower {

		final Way way;

		final Started job;

		final List<JsonNode> events = new ArrayList<>();

		int connections;

		private Long resumeAfter;

		private String lastSseId;

		private FeedRecorder sse;

		private FeedRecorder ws;

		Follower(Way way, Started job) {
			this.way = way;
			this.job = job;
		}

		Follower from(long after) {
			this.resumeAfter = after;
			return this;
		}

		long lastSeq() {
			return this.events.get(this.events.size() - 1).get("seq").asLong();
		}

		List<JsonNode> untilFinal() throws Exception {
			return until(events -> !events.isEmpty()
					&& !"running".equals(events.get(events.size() - 1).get("state").asString()));
		}

		List<JsonNode> until(java.util.function.Predicate<List<JsonNode>> done) throws Exception {
			long deadline = System.nanoTime() + PATIENCE.toNanos();
			while (!done.test(this.events)) {
				if (System.nanoTime() > deadline) {
					fail(this.way + " got only " + this.events.size() + " events: " + this.events);
				}
				receive();
			}
			return this.events;
		}

		/** Lose the connection without a goodbye (polling: just stop asking). */
		void drop() throws Exception {
			if (this.sse != null) {
				this.sse.close();
				this.sse = null;
			}
			if (this.ws != null) {
				this.ws.disconnect();
				this.ws = null;
			}
		}

		/**
		 * SSE and WebSocket reconnect on the next read; polling just asks again, from
		 * where it was.
		 */
		Follower resume() {
			if (this.way == Way.POLLING || this.way == Way.LONG_POLLING) {
				this.connections++;
			}
			return this;
		}

		private void receive() throws Exception {
			switch (this.way) {
				case POLLING -> poll(0);
				case LONG_POLLING -> poll(5);
				case SSE -> readSse();
				case WEBSOCKET -> readWebSocket();
			}
		}

		private void poll(int wait) throws Exception {
			if (this.connections == 0) {
				this.connections++; // polling has no connection: count its (re)starts
									// instead
			}
			String query = this.resumeAfter == null ? "" : "?after=" + this.resumeAfter + "&epoch=" + this.job.epoch();
			query += (query.isEmpty() ? "?" : "&") + "wait=" + wait + "&client=test-" + this.way;
			JsonNode answer = parse(get(http("/api/feeds/" + this.job.feed() + "/events" + query)).body());
			assertThat(answer.has("gap")).as("gap in " + answer).isFalse();
			answer.get("events").forEach(this::add);
			this.resumeAfter = answer.get("next").asLong();
			if (wait == 0 && answer.get("events").isEmpty()) {
				Thread.sleep(20);
			}
		}

		private void readSse() throws Exception {
			if (this.sse == null) {
				String query = (this.lastSseId == null && this.resumeAfter != null)
						? "?after=" + this.resumeAfter + "&epoch=" + this.job.epoch() : "";
				// a reconnect sends Last-Event-ID, as EventSource does
				this.sse = FeedRecorder.sse(http("/api/feeds/" + this.job.feed() + "/stream" + query), this.lastSseId);
				assertThat(this.sse.status()).isEqualTo(200);
				this.connections++;
			}
			SseFrames.Frame frame = this.sse.nextFrame(Duration.ofSeconds(1));
			if (frame == null) {
				return;
			}
			assertThat(frame.event()).as("SSE event name of " + frame).isNull();
			JsonNode event = parse(frame.data());
			assertThat(frame.id()).isEqualTo(this.job.epoch() + ":" + event.get("seq").asLong());
			this.lastSseId = frame.id();
			add(event);
		}

		private void readWebSocket() throws Exception {
			if (this.ws == null) {
				String query = this.resumeAfter == null ? ""
						: "?after=" + this.resumeAfter + "&epoch=" + this.job.epoch();
				this.ws = FeedRecorder.webSocket("ws://localhost:" + JobProgressTransportsTests.this.port + "/ws/feeds/"
						+ this.job.feed() + query, null);
				this.connections++;
			}
			String message = this.ws.nextText(Duration.ofSeconds(1));
			if (message != null) {
				JsonNode event = parse(message);
				assertThat(event.get("type").asString()).as(message).isEqualTo("progress");
				add(event);
			}
		}

		private void add(JsonNode event) {
			this.events.add(event);
			this.resumeAfter = event.get("seq").asLong();
		}

	}

}
