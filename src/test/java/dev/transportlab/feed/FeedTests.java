package dev.transportlab.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FeedTests {

	private final ExecutorService dispatch = Executors.newCachedThreadPool();

	@AfterEach
	void stop() {
		this.dispatch.shutdownNow();
	}

	private Feed feed(int window, Clock clock) {
		return feed(new InMemoryFeedLog("e1", window, Duration.ofMinutes(5), clock), clock);
	}

	private Feed feed(FeedLog log, Clock clock) {
		return feed(log, clock, CatchUp.LATEST);
	}

	private Feed feed(FeedLog log, Clock clock, CatchUp catchUp) {
		return new Feed("t", new FeedSettings(null, null), log, clock, this.dispatch,
				new ConnectionLimiter(Integer.MAX_VALUE), catchUp, 500);
	}

	private static void append(Feed feed, int count) {
		for (int i = 0; i < count; i++) {
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
		}
	}

	private static List<Long> seqs(Batch batch) {
		return batch.events().stream().map(FeedEvent::seq).toList();
	}

	@Test
	void aWaitingLongPollIsAnsweredOnlyByAnEventAfterItsPoint() throws Exception {
		Feed feed = feed(100, Clock.systemUTC());
		append(feed, 5);
		List<Long> answeredAtHead = new CopyOnWriteArrayList<>();
		// the client has event 6 already (another instance gave it): this instance's
		// arrival of 6 must not answer it with nothing
		feed.whenEventAfter(6, () -> answeredAtHead.add(feed.head()));
		append(feed, 1);
		Thread.sleep(300);
		assertThat(answeredAtHead).as("woken by event 6, which it has").isEmpty();
		append(feed, 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> !answeredAtHead.isEmpty());
		assertThat(answeredAtHead).containsExactly(7L);
		assertThat(seqs(feed.read(ResumePoint.after(6)))).containsExactly(7L);
	}

	@Test
	void aFeedThatClosesAnswersItsWaitingLongPolls() {
		Feed feed = feed(100, Clock.systemUTC());
		append(feed, 2);
		List<String> answered = new CopyOnWriteArrayList<>();
		feed.whenEventAfter(2, () -> answered.add("first"));
		feed.close(FeedSink.EndReason.SHUTDOWN);
		feed.whenEventAfter(2, () -> answered.add("after close"));
		await().atMost(Duration.ofSeconds(5)).until(() -> answered.size() == 2);
		assertThat(answered).containsExactlyInAnyOrder("first", "after close");
	}

	@Test
	void readsInsideTheWindowWithoutGap() {
		Feed feed = feed(100, Clock.systemUTC());
		append(feed, 150);
		Batch batch = feed.read(ResumePoint.after(140), 500);
		assertThat(batch.gap()).isNull();
		assertThat(seqs(batch)).containsExactly(141L, 142L, 143L, 144L, 145L, 146L, 147L, 148L, 149L, 150L);
		assertThat(batch.next()).isEqualTo(150);
	}

	@Test
	void aNewClientGetsTheLatestEvent() {
		Feed feed = feed(100, Clock.systemUTC());
		append(feed, 5);
		assertThat(seqs(feed.read(null, 500))).containsExactly(5L);
	}

	@Test
	void anExpiredPositionGetsAGapWithTheExactLossAndGoesOnFromTheOldest() {
		Feed feed = feed(100, Clock.systemUTC());
		append(feed, 150);
		Batch batch = feed.read(ResumePoint.after(10), 500);
		assertThat(batch.gap().reason()).isEqualTo(Gap.Reason.EXPIRED);
		assertThat(batch.gap().missed()).isEqualTo(40);
		assertThat(batch.gap().resumeAfter()).isEqualTo(50);
		assertThat(seqs(batch)).hasSize(100).startsWith(51L).endsWith(150L);
	}

	@Test
	void eventsOlderThanTheMaxAgeAreNotReplayed() {
		MutableClock clock = new MutableClock();
		Feed feed = feed(new InMemoryFeedLog("e1", 100, Duration.ofSeconds(10), clock), clock);
		append(feed, 5);
		clock.advance(Duration.ofSeconds(11));
		append(feed, 2);
		Batch batch = feed.read(ResumePoint.after(0), 500);
		assertThat(batch.gap().reason()).isEqualTo(Gap.Reason.EXPIRED);
		assertThat(batch.gap().missed()).isEqualTo(5);
		assertThat(seqs(batch)).containsExactly(6L, 7L);
	}

	@Test
	void anotherEpochGetsAGapWithUnknownLossAndThenWhatANewClientGets() {
		Feed feed = feed(new InMemoryFeedLog("e1", 100, Duration.ofMinutes(5), Clock.systemUTC()), Clock.systemUTC(),
				CatchUp.LATEST);
		append(feed, 30);
		Batch batch = feed.read(new ResumePoint("old", 500), 500);
		assertThat(batch.gap().reason()).isEqualTo(Gap.Reason.EPOCH);
		assertThat(batch.gap().missed()).isNull();
		assertThat(batch.gap().resumeAfter()).isEqualTo(29);
		// the latest event only, exactly as for a client without a position
		assertThat(seqs(batch)).containsExactly(30L).isEqualTo(seqs(feed.read(null, 500)));
		assertThat(batch.gap().json()).contains("\"reason\":\"epoch\"", "\"missed\":null", "\"requestedEpoch\":\"old\"",
				"\"resumeAfter\":29");
	}

	@Test
	void aHistoryFeedReplaysItsWholeWindowAfterAnotherEpoch() {
		Feed feed = feed(new InMemoryFeedLog("e1", 20, Duration.ofMinutes(5), Clock.systemUTC()), Clock.systemUTC(),
				CatchUp.HISTORY);
		append(feed, 30);
		Batch batch = feed.read(new ResumePoint("old", 5), 500);
		assertThat(batch.gap().reason()).isEqualTo(Gap.Reason.EPOCH);
		assertThat(batch.gap().resumeAfter()).isEqualTo(10);
		assertThat(seqs(batch)).containsExactlyElementsOf(LongStream.rangeClosed(11, 30).boxed().toList());
	}

	@Test
	void aCurrentEpochPointOlderThanTheWindowIsExpiredWhateverThePolicy() {
		for (CatchUp catchUp : CatchUp.values()) {
			Feed feed = feed(new InMemoryFeedLog("e1", 20, Duration.ofMinutes(5), Clock.systemUTC()), Clock.systemUTC(),
					catchUp);
			append(feed, 30);
			Batch batch = feed.read(new ResumePoint("e1", 2), 500);
			assertThat(batch.gap().reason()).as("%s", catchUp).isEqualTo(Gap.Reason.EXPIRED);
			assertThat(batch.gap().missed()).as("%s", catchUp).isEqualTo(8);
			assertThat(seqs(batch)).as("%s", catchUp).startsWith(11L).endsWith(30L).hasSize(20);
		}
	}

	@Test
	void anUnreadablePointIsAMalformedGapQuotingItThenWhatANewClientGets() {
		Feed feed = feed(100, Clock.systemUTC());
		append(feed, 30);
		Batch batch = feed.read(ResumePoint.read("x\"y\\\u00e9\n" + "z".repeat(60), null), 500);
		assertThat(batch.gap().reason()).isEqualTo(Gap.Reason.MALFORMED);
		assertThat(batch.gap().resumeAfter()).isEqualTo(29);
		assertThat(seqs(batch)).containsExactly(30L);
		String json = batch.gap().json();
		assertThat(json.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as(json).isTrue();
		var node = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
		assertThat(node.get("reason").asString()).isEqualTo("malformed");
		assertThat(node.get("requestedValue").asString()).isEqualTo("x\"y\\\u00e9\n" + "z".repeat(34) + "...");
		assertThat(node.get("requestedAfter").isNull()).isTrue();
		assertThat(node.get("missed").isNull()).isTrue();
	}

	@Test
	void aFuturePositionGetsAGapAndGoesOnFromNowInsteadOfWaiting() {
		Feed feed = feed(100, Clock.systemUTC());
		append(feed, 3);
		Batch batch = feed.read(ResumePoint.after(99), 500);
		assertThat(batch.gap().reason()).isEqualTo(Gap.Reason.FUTURE);
		assertThat(batch.next()).isEqualTo(3);
		append(feed, 1);
		assertThat(seqs(feed.read(new ResumePoint("e1", batch.next()), 500))).containsExactly(4L);
	}

	@Test
	void resumePointsReadBothFormsAndKeepGarbageAsMalformed() {
		assertThat(ResumePoint.read("42", null)).isEqualTo(new ResumePoint(null, 42));
		assertThat(ResumePoint.read(" 42 ", "e-1")).isEqualTo(new ResumePoint("e-1", 42));
		assertThat(ResumePoint.read("abc-1:42", "ignored")).isEqualTo(new ResumePoint("abc-1", 42));
		assertThat(ResumePoint.read("9223372036854775807", null)).isEqualTo(ResumePoint.after(Long.MAX_VALUE));
		for (String bad : List.of("x", "xyz", "-1", "-0", "+5", "1.5", "1e3", "0xFF", "abc:", ":12", "a:b:5", "a b:3",
				"12345678901234567890", "9223372036854775808", "\uFF11\uFF12", "\u0663", "é:5",
				"e".repeat(33) + ":1")) {
			ResumePoint point = ResumePoint.read(bad, null);
			assertThat(point.isMalformed()).as(bad).isTrue();
			assertThat(point.unreadable()).isEqualTo(bad);
			org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
				.isThrownBy(() -> ResumePoint.parse(bad, null));
		}
		// a bad epoch parameter is quoted, not the (fine) seq
		assertThat(ResumePoint.read("5", "no spaces").unreadable()).isEqualTo("no spaces");
	}

	/**
	 * The same bytes for everybody: 200 subscribers, each event made into JSON exactly
	 * once, and every subscriber handed the very same byte array.
	 */
	@Test
	void eachEventIsSerialisedOnceWhateverTheNumberOfSubscribers() {
		Feed feed = feed(1000, Clock.systemUTC());
		append(feed, 1);
		List<List<FeedEvent>> received = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			List<FeedEvent> events = new CopyOnWriteArrayList<>();
			received.add(events);
			feed.subscribe(Transport.values()[i % 4], ResumePoint.after(1), new CollectingSink(events));
		}
		append(feed, 50);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().allMatch(r -> r.size() == 50));
		assertThat(feed.serializations()).isEqualTo(51);
		for (int n = 0; n < 50; n++) {
			byte[] first = received.get(0).get(n).utf8();
			for (List<FeedEvent> events : received) {
				assertThat(events.get(n).utf8()).isSameAs(first);
			}
		}
	}

	@Test
	void aStalledSubscriberNeitherDelaysTheFeedNorTheOthers() throws Exception {
		Feed feed = feed(10_000, Clock.systemUTC());
		ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
		try {
			java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
			feed.subscribe(Transport.SSE, null, new CollectingSink(new ArrayList<>()) {
				@Override
				public long sendEvents(List<FeedEvent> events) throws java.io.IOException {
					try {
						never.await(); // a client that stopped reading
					}
					catch (InterruptedException ex) {
						throw new java.io.IOException(ex);
					}
					return 0;
				}
			});
			List<FeedEvent> healthy = new CopyOnWriteArrayList<>();
			feed.subscribe(Transport.WEBSOCKET, ResumePoint.after(0), new CollectingSink(healthy));
			clock.scheduleAtFixedRate(() -> append(feed, 1), 0, 1, TimeUnit.MILLISECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> healthy.size() >= 1000);
			assertThat(feed.head()).isGreaterThanOrEqualTo(1000);
			never.countDown();
		}
		finally {
			clock.shutdownNow();
		}
	}

	static class CollectingSink implements FeedSink {

		final List<FeedEvent> events;

		final List<Gap> gaps = new CopyOnWriteArrayList<>();

		CollectingSink(List<FeedEvent> events) {
			this.events = events;
		}

		@Override
		public long sendEvents(List<FeedEvent> events) throws java.io.IOException {
			this.events.addAll(events);
			return events.size();
		}

		@Override
		public long sendGap(Gap gap) {
			this.gaps.add(gap);
			return 1;
		}

		@Override
		public void sendHeartbeat() {
		}

		@Override
		public void close(EndReason reason) {
		}

	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.now();

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
