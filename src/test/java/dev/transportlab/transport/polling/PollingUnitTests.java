package dev.transportlab.transport.polling;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.transportlab.LabProperties;
import dev.transportlab.bench.WireStats;
import dev.transportlab.feed.CatchUp;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedLogs;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.Transport;
import dev.transportlab.problem.BadParameterException;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Short and long polling without a server: the controller called as Spring would, on a
 * real registry and feed. The answer's exact bytes ({@code next}, {@code more} at the
 * batch edge, a gap before the events), the {@code wait} and {@code client} rules with
 * their messages, the presence a poll leaves, a long poll answered by the next event, and
 * the wire statistics of each answer.
 */
class PollingUnitTests {

	private static final LabProperties PROPERTIES = new Binder(new MapConfigurationPropertySource(
			Map.of("lab.limits.max-batch", "5", "lab.polling.max-wait-seconds", "3", "lab.replay.size", "10")))
		.bindOrCreate("lab", LabProperties.class);

	private final FeedRegistry feeds = new FeedRegistry(PROPERTIES,
			new DefaultListableBeanFactory().getBeanProvider(FeedLogs.class));

	private final WireStats stats = new WireStats(this.feeds, new SimpleMeterRegistry());

	private final PollingController polling = new PollingController(this.feeds, this.stats);

	private final Feed feed = this.feeds.createPublished("job-1", CatchUp.HISTORY);

	@AfterEach
	void stop() {
		this.feeds.stop();
	}

	@Test
	void anAnswerIsTheFeedItsEpochTheNextSeqAndTheEventsAsTheyWereMade() {
		append(3);
		ResponseEntity<byte[]> answer = answer("1", null, null, "c1");
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(answer.getHeaders().getCacheControl()).isEqualTo("no-store");
		assertThat(body(answer)).isEqualTo("{\"feed\":\"job-1\",\"epoch\":\"" + this.feed.epoch()
				+ "\",\"next\":3,\"events\":[{\"seq\":2},{\"seq\":3}]}");
		// nothing new: an empty list and the same cursor
		assertThat(body(answer("3", null, "0", "c1")))
			.isEqualTo("{\"feed\":\"job-1\",\"epoch\":\"" + this.feed.epoch() + "\",\"next\":3,\"events\":[]}");
	}

	@Test
	void moreIsSaidOnlyWhenTheBatchWasCutAndNewerEventsExist() {
		append(9); // all in the window of 10; batches of 5
		assertThat(body(answer("0", null, null, "c1"))).contains("\"next\":5,\"more\":true,\"events\":[{\"seq\":1},");
		assertThat(body(answer("2", null, null, "c1"))).contains("\"next\":7,\"more\":true,").endsWith("{\"seq\":7}]}");
		// exactly max events and they reach the head: nothing more
		assertThat(body(answer("4", null, null, "c1"))).doesNotContain("more").endsWith("{\"seq\":9}]}");
		assertThat(body(answer("5", null, null, "c1"))).doesNotContain("more");
	}

	@Test
	void aGapGoesBeforeTheEventsAndAHistoryFeedReplaysItsWindow() {
		append(12); // the window keeps 3..12
		String expired = body(answer("1", null, null, "c1"));
		assertThat(expired).contains(",\"gap\":{\"type\":\"gap\",\"reason\":\"expired\",\"epoch\":\""
				+ this.feed.epoch() + "\",\"requestedAfter\":1,\"requestedEpoch\":null,\"missed\":1,\"resumeAfter\":2}"
				+ ",\"events\":[{\"seq\":3},");
		String otherEpoch = body(answer("9", "old", null, "c1"));
		assertThat(otherEpoch).contains("\"reason\":\"epoch\"").contains("\"resumeAfter\":2").contains("[{\"seq\":3},");
		String malformed = body(answer("x1", null, null, "c1"));
		assertThat(malformed).contains("\"reason\":\"malformed\"").contains("\"requestedValue\":\"x1\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "00", " 0 ", "000000000000" })
	void waitZeroAnswersAtOnceAsShortPolling(String wait) {
		assertThat(poll("0", null, wait, "short")).isInstanceOf(ResponseEntity.class);
		assertThat(this.feed.clients()).containsEntry(Transport.POLLING, 1).containsEntry(Transport.LONG_POLLING, 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "4", "-1", "+1", "1.0", "", " ", "1e0", "\u0663", "0x1", "99999999999", "1234567890" })
	void aWaitOutside0To3IsRefusedWithTheRule(String wait) {
		assertThatExceptionOfType(BadParameterException.class).isThrownBy(() -> poll("0", null, wait, "c1"))
			.satisfies(ex -> assertThat(ex.parameter()).isEqualTo("wait"))
			.withMessageContaining("Parameter 'wait' must be a whole number 0..3 (0 = answer at once, "
					+ "1..3 = long polling, seconds), got '" + wait + "'");
	}

	@Test
	void aWaitWithLeadingZerosIsItsValueAndTheLongestIsTheMax() {
		append(1);
		assertThat(poll("0", null, "0003", "lp")).isInstanceOf(ResponseEntity.class);
		assertThat(this.feed.clients()).containsEntry(Transport.LONG_POLLING, 1);
	}

	@Test
	void aClientIdIsAtMost64Characters() {
		poll("0", null, null, "c".repeat(64));
		assertThatExceptionOfType(BadParameterException.class).isThrownBy(() -> poll("0", null, null, "c".repeat(65)))
			.satisfies(ex -> assertThat(ex.parameter()).isEqualTo("client"))
			.withMessageContaining("must be at most 64 characters (a random id per page), got 65");
	}

	@Test
	void eachPollerCountsOnceUnderItsTransportAndWithoutAnIdByItsAddress() {
		poll("0", null, null, "a");
		poll("0", null, null, "a");
		poll("0", null, "0", "b");
		poll("0", null, null, null);
		append(1);
		poll("0", null, "2", "c");
		assertThat(this.feed.clients()).containsEntry(Transport.POLLING, 3).containsEntry(Transport.LONG_POLLING, 1);
	}

	@Test
	void aLongPollWaitsForTheNextEventAndIsAnsweredWithIt() {
		append(2);
		Object waiting = poll("2", null, "3", "lp");
		assertThat(waiting).isInstanceOf(DeferredResult.class);
		DeferredResult<?> result = (DeferredResult<?>) waiting;
		assertThat(result.hasResult()).isFalse();
		assertThat(this.feeds.limiter().open(Transport.LONG_POLLING)).as("a waiting poll takes a slot").isEqualTo(1);
		append(1);
		await().atMost(Duration.ofSeconds(5)).until(result::hasResult);
		assertThat(body((ResponseEntity<?>) result.getResult())).isEqualTo(
				"{\"feed\":\"job-1\",\"epoch\":\"" + this.feed.epoch() + "\",\"next\":3,\"events\":[{\"seq\":3}]}");
	}

	@Test
	void aLongPollWithSomethingToSayAnswersAtOnce() {
		append(2);
		assertThat(poll("1", null, "3", "lp")).isInstanceOf(ResponseEntity.class);
		assertThat(poll("x", null, "3", "lp")).as("a gap is something to say").isInstanceOf(ResponseEntity.class);
		assertThat(this.feeds.limiter().open(Transport.LONG_POLLING)).isZero();
	}

	@Test
	void everyAnswerIsCountedWithItsEventsGapAndBytes() {
		append(3);
		ResponseEntity<byte[]> first = answer("0", null, null, "c1");
		ResponseEntity<byte[]> empty = answer("3", null, null, "c1");
		ResponseEntity<byte[]> gap = answer("bad", null, null, "c1");
		WireStats.TransportFigures figures = this.stats.snapshot().get(Transport.POLLING.key());
		assertThat(figures.requests()).isEqualTo(3);
		// the unreadable point replays the job's whole window: 3 events again
		assertThat(figures.events()).isEqualTo(3 + 0 + 3);
		assertThat(figures.emptyResponses()).isEqualTo(1);
		assertThat(figures.gaps()).isEqualTo(1);
		assertThat(figures.bytes())
			.isEqualTo((long) first.getBody().length + empty.getBody().length + gap.getBody().length);
	}

	private void append(int count) {
		for (int i = 0; i < count; i++) {
			this.feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
		}
	}

	private Object poll(String after, String epoch, String wait, String client) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/feeds/job-1/events");
		request.setRemoteAddr("192.0.2.7");
		return this.polling.events("job-1", after, epoch, wait, client, request);
	}

	/** A poll that answers at once. */
	@SuppressWarnings("unchecked")
	private ResponseEntity<byte[]> answer(String after, String epoch, String wait, String client) {
		return (ResponseEntity<byte[]>) poll(after, epoch, wait, client);
	}

	private static String body(ResponseEntity<?> answer) {
		return new String((byte[]) answer.getBody(), StandardCharsets.UTF_8);
	}

}
