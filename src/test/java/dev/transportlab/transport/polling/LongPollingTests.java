package dev.transportlab.transport.polling;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.JsonHttp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LongPollingTests {

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	private CompletableFuture<HttpResponse<String>> poll(String feed, String query) {
		return JsonHttp.HTTP.sendAsync(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/feeds/" + feed + "/events?" + query))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void answersWithinAFewMillisecondsOfTheNextEvent() throws Exception {
		Feed feed = this.feeds.createPublished("long-poll-latency");
		try {
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
			long[] lags = new long[5];
			for (int round = 0; round < lags.length; round++) {
				CompletableFuture<HttpResponse<String>> answer = poll(feed.id(), "after=" + feed.head() + "&wait=10");
				Thread.sleep(300);
				assertThat(answer).isNotDone();
				long published = System.nanoTime();
				feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
				HttpResponse<String> response = answer.get();
				lags[round] = (System.nanoTime() - published) / 1_000_000;
				JsonNode body = JsonHttp.JSON.readTree(response.body());
				assertThat(body.get("events")).hasSize(1);
				assertThat(body.get("next").asLong()).isEqualTo(feed.head());
			}
			System.out.println("long-poll answer after publish (ms): " + java.util.Arrays.toString(lags));
			assertThat(java.util.Arrays.stream(lags).sorted().toArray()[2]).as("median ms").isLessThan(50);
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void answersEmptyAtTimeout() throws Exception {
		Feed feed = this.feeds.createPublished("long-poll-timeout");
		try {
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
			long start = System.nanoTime();
			HttpResponse<String> response = poll(feed.id(), "after=1&wait=1").get();
			long tookMs = (System.nanoTime() - start) / 1_000_000;
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode body = JsonHttp.JSON.readTree(response.body());
			assertThat(body.get("events")).isEmpty();
			assertThat(body.get("next").asLong()).isEqualTo(1);
			assertThat(tookMs).isBetween(950L, 3000L);
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void aShortPollAnswersAtOnceEvenWhenEmpty() throws Exception {
		Feed feed = this.feeds.createPublished("short-poll-empty");
		try {
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
			long start = System.nanoTime();
			HttpResponse<String> response = poll(feed.id(), "after=1").get();
			// one request, so one GC pause or scheduler hiccup shows in full: below the
			// shortest hold (wait=1, at least 950 ms above) is what tells "at once" apart
			assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(900);
			assertThat(JsonHttp.JSON.readTree(response.body()).get("events")).isEmpty();
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void withoutAfterItReturnsTheLatestEventAndTheCursor() throws Exception {
		Feed feed = this.feeds.createPublished("poll-latest");
		try {
			for (int i = 0; i < 3; i++) {
				feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
			}
			JsonNode body = JsonHttp.JSON.readTree(poll(feed.id(), "").get().body());
			assertThat(body.get("events")).hasSize(1);
			assertThat(body.get("events").get(0).get("seq").asLong()).isEqualTo(3);
			assertThat(body.get("next").asLong()).isEqualTo(3);
			assertThat(body.get("epoch").asString()).isEqualTo(feed.epoch());
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void anAnswerCutAtTheBatchLimitSaysMoreAndTheLastOneDoesNot() throws Exception {
		Feed feed = this.feeds.createPublished("poll-more");
		int max = this.feeds.properties().limits().maxBatch();
		try {
			for (int i = 0; i < max + 10; i++) {
				feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
			}
			JsonNode first = JsonHttp.JSON.readTree(poll(feed.id(), "after=0").get().body());
			assertThat(first.get("events")).hasSize(max);
			assertThat(first.get("more").asBoolean()).as("cut at the batch limit").isTrue();
			JsonNode rest = JsonHttp.JSON.readTree(poll(feed.id(), "after=" + first.get("next").asLong()).get().body());
			assertThat(rest.get("events")).hasSize(10);
			assertThat(rest.has("more")).as("nothing left after it").isFalse();
			JsonNode longPoll = JsonHttp.JSON.readTree(poll(feed.id(), "after=0&wait=5").get().body());
			assertThat(longPoll.get("more").asBoolean()).as("long polling too").isTrue();
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

}
