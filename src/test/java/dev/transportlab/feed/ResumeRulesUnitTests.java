package dev.transportlab.feed;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The resume, gap and catch-up rules without a server, edge by edge: how a resume point
 * is read, what a gap notice says on the wire, where {@link Feed#read} draws each line,
 * and what a {@link Subscription} does with its own place (overflow), a client's new
 * place (resume) and heartbeats. Fast enough for mutation testing (mvn -Pmutation
 * verify).
 */
class ResumeRulesUnitTests {

	private final ExecutorService dispatch = Executors.newCachedThreadPool();

	@AfterEach
	void stop() {
		this.dispatch.shutdownNow();
	}

	// ---- ResumePoint
	// -------------------------------------------------------------------

	@Test
	void readsASeqAloneWithTheEpochParameterOrNone() {
		assertThat(ResumePoint.read("5", null)).isEqualTo(new ResumePoint(null, 5, null));
		assertThat(ResumePoint.read(" \t7 ", null)).isEqualTo(new ResumePoint(null, 7, null));
		assertThat(ResumePoint.read("0", null)).isEqualTo(new ResumePoint(null, 0, null));
		assertThat(ResumePoint.read("9", "e-2")).isEqualTo(new ResumePoint("e-2", 9, null));
		assertThat(ResumePoint.read("9223372036854775807", null).after()).isEqualTo(Long.MAX_VALUE);
		assertThat(ResumePoint.read("0000000000000000001", null).after()).isEqualTo(1);
	}

	@Test
	void readsEpochColonSeqAndItsOwnEpochWinsOverTheParameter() {
		assertThat(ResumePoint.read("e1:9", null)).isEqualTo(new ResumePoint("e1", 9, null));
		assertThat(ResumePoint.read("e1:9", "other")).isEqualTo(new ResumePoint("e1", 9, null));
		// even an unreadable parameter does not matter when the value has its own epoch
		assertThat(ResumePoint.read("e1:9", "bad epoch")).isEqualTo(new ResumePoint("e1", 9, null));
		String longest = "a".repeat(ResumePoint.MAX_EPOCH_LENGTH);
		assertThat(ResumePoint.read(longest + ":3", null).epoch()).isEqualTo(longest);
		// every edge of the epoch alphabet: A Z a z 0 9 and '-'
		assertThat(ResumePoint.read("AZaz09-:3", null).epoch()).isEqualTo("AZaz09-");
		assertThat(ResumePoint.read("3", "AZaz09-").epoch()).isEqualTo("AZaz09-");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "-1", "+5", "1.0", "1e3", "0x10", "abc", "abc:", ":5", "a:b:5", "e_1:5", "e 1:5",
			"é:5", "\u0663", "\uFF11", "9223372036854775808", "99999999999999999999", "12345678901234567890", "5 5",
			"e1:-5", "/:5", "[:5", "`:5", "{:5", "@:5" })
	void anythingElseIsMalformedAndQuotedAsSent(String value) {
		ResumePoint point = ResumePoint.read(value, null);
		assertThat(point.isMalformed()).as("'%s'", value).isTrue();
		assertThat(point.unreadable()).isEqualTo(value);
		assertThat(point.after()).isEqualTo(-1);
		assertThat(point.epoch()).isNull();
	}

	@Test
	void anEpochOneCharacterTooLongIsMalformed() {
		String tooLong = "a".repeat(ResumePoint.MAX_EPOCH_LENGTH + 1);
		assertThat(ResumePoint.read(tooLong + ":3", null).isMalformed()).isTrue();
		// as a parameter, the parameter is what is quoted
		assertThat(ResumePoint.read("3", tooLong)).isEqualTo(ResumePoint.malformed(tooLong));
		assertThat(ResumePoint.read("3", "")).isEqualTo(ResumePoint.malformed(""));
		assertThat(ResumePoint.read("3", "e:1")).isEqualTo(ResumePoint.malformed("e:1"));
	}

	@Test
	void parseRefusesWhatReadWouldQuote() {
		assertThat(ResumePoint.parse("e1:4", null)).isEqualTo(new ResumePoint("e1", 4, null));
		assertThatIllegalArgumentException().isThrownBy(() -> ResumePoint.parse("xyz", null))
			.withMessage("must be a whole number >= 0 (optionally EPOCH:N, EPOCH 1..32 letters, digits or '-'), "
					+ "got 'xyz'");
		assertThatIllegalArgumentException().isThrownBy(() -> ResumePoint.parse("5", "bad epoch"))
			.withMessageEndingWith("got 'bad epoch'");
	}

	@Test
	void abbreviatesAt40CharactersWithoutSplittingASurrogatePair() {
		assertThat(ResumePoint.abbreviate("x".repeat(40))).isEqualTo("x".repeat(40));
		assertThat(ResumePoint.abbreviate("x".repeat(41))).isEqualTo("x".repeat(40) + "...");
		String pair = "\uD83D\uDE00";
		assertThat(ResumePoint.abbreviate("x".repeat(39) + pair + "y")).isEqualTo("x".repeat(39) + "...");
		assertThat(ResumePoint.abbreviate("x".repeat(38) + pair + "yy")).isEqualTo("x".repeat(38) + pair + "...");
	}

	@Test
	void aPointIsMalformedOnlyWhenItKeepsAnUnreadableValue() {
		assertThat(ResumePoint.after(3).isMalformed()).isFalse();
		assertThat(new ResumePoint("e", 3).isMalformed()).isFalse();
		assertThat(ResumePoint.malformed("").isMalformed()).isTrue();
	}

	// ---- Gap
	// ------------------------------------------------------------------------------

	@Test
	void aGapNoticeIsTheSameExactJsonOnEveryTransport() {
		assertThat(new Gap(Gap.Reason.EXPIRED, "e1", ResumePoint.after(10), 40L, 50).json())
			.isEqualTo("{\"type\":\"gap\",\"reason\":\"expired\",\"epoch\":\"e1\",\"requestedAfter\":10,"
					+ "\"requestedEpoch\":null,\"missed\":40,\"resumeAfter\":50}");
		assertThat(new Gap(Gap.Reason.EPOCH, "e2", new ResumePoint("old", 7), null, 29).json())
			.isEqualTo("{\"type\":\"gap\",\"reason\":\"epoch\",\"epoch\":\"e2\",\"requestedAfter\":7,"
					+ "\"requestedEpoch\":\"old\",\"missed\":null,\"resumeAfter\":29}");
		assertThat(new Gap(Gap.Reason.FUTURE, "e1", ResumePoint.after(99), null, 5).json())
			.contains("\"reason\":\"future\"");
		assertThat(new Gap(Gap.Reason.OVERFLOW, "e1", ResumePoint.after(1), 3L, 4).json())
			.contains("\"reason\":\"overflow\"");
	}

	@Test
	void aMalformedGapQuotesTheValueAsPrintableAsciiJson() {
		String value = "a\"b\\c\u0001\u001f \u007e\u007f\u00e9\u2603";
		String json = new Gap(Gap.Reason.MALFORMED, "e1", ResumePoint.malformed(value), null, 9).json();
		assertThat(json)
			.isEqualTo("{\"type\":\"gap\",\"reason\":\"malformed\",\"epoch\":\"e1\",\"requestedAfter\":null,"
					+ "\"requestedEpoch\":null,\"requestedValue\":\"a\\\"b\\\\c\\u0001\\u001f ~\\u007f\\u00e9\\u2603\","
					+ "\"missed\":null,\"resumeAfter\":9}");
		String long41 = "y".repeat(41);
		assertThat(new Gap(Gap.Reason.MALFORMED, "e1", ResumePoint.malformed(long41), null, 0).json())
			.contains("\"requestedValue\":\"" + "y".repeat(40) + "...\"");
	}

	// ---- Feed.read --------------------------------------------------------------------

	private Feed feed(int window, CatchUp catchUp) {
		return feed(window, catchUp, 500);
	}

	private Feed feed(int window, CatchUp catchUp, int maxBatch) {
		return new Feed("t", new FeedSettings(null, null),
				new InMemoryFeedLog("e1", window, Duration.ofMinutes(5), Clock.systemUTC()), Clock.systemUTC(),
				this.dispatch, new ConnectionLimiter(Integer.MAX_VALUE), catchUp, maxBatch);
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
	void theWindowsEdgesAreExact() {
		Feed feed = feed(10, CatchUp.LATEST);
		append(feed, 25); // keeps 16..25
		assertThat(feed.oldest()).isEqualTo(16);
		assertThat(feed.head()).isEqualTo(25);
		// oldest - 1: everything kept, no gap
		Batch edge = feed.read(ResumePoint.after(15), 500);
		assertThat(edge.gap()).isNull();
		assertThat(seqs(edge)).hasSize(10).startsWith(16L);
		// oldest - 2: one event lost
		Batch lostOne = feed.read(ResumePoint.after(14), 500);
		assertThat(lostOne.gap().reason()).isEqualTo(Gap.Reason.EXPIRED);
		assertThat(lostOne.gap().missed()).isEqualTo(1);
		assertThat(lostOne.gap().resumeAfter()).isEqualTo(15);
		assertThat(lostOne.gap().requested()).isEqualTo(ResumePoint.after(14));
		assertThat(lostOne.gap().epoch()).isEqualTo("e1");
		assertThat(seqs(lostOne)).isEqualTo(seqs(edge));
		// the head itself: nothing new, no gap, and the cursor stays
		Batch atHead = feed.read(ResumePoint.after(25), 500);
		assertThat(atHead.gap()).isNull();
		assertThat(atHead.events()).isEmpty();
		assertThat(atHead.isEmpty()).isTrue();
		assertThat(atHead.next()).isEqualTo(25);
		assertThat(atHead.epoch()).isEqualTo("e1");
		// one before the head: exactly the head
		assertThat(seqs(feed.read(new ResumePoint("e1", 24), 500))).containsExactly(25L);
	}

	@Test
	void aBatchHoldsAtMostMaxEventsAndItsCursorIsTheLastOne() {
		Feed feed = feed(100, CatchUp.LATEST);
		append(feed, 50);
		Batch batch = feed.read(ResumePoint.after(10), 7);
		assertThat(seqs(batch)).containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L);
		assertThat(batch.next()).isEqualTo(17);
		assertThat(batch.isEmpty()).isFalse();
	}

	@Test
	void aGapWithoutEventsIsNotAnEmptyBatch() {
		Feed feed = feed(100, CatchUp.LATEST);
		Batch empty = feed.read(null, 500);
		assertThat(empty.events()).isEmpty();
		assertThat(empty.next()).isZero();
		Batch malformed = feed.read(ResumePoint.malformed("x"), 500);
		assertThat(malformed.gap().reason()).isEqualTo(Gap.Reason.MALFORMED);
		assertThat(malformed.gap().resumeAfter()).isZero();
		assertThat(malformed.isEmpty()).isFalse();
	}

	@Test
	void aLostPlaceIsTheLatestEventOnALiveFeedAndTheWholeWindowOnAHistoryFeed() {
		Feed live = feed(10, CatchUp.LATEST);
		Feed history = feed(10, CatchUp.HISTORY);
		append(live, 25);
		append(history, 25);
		for (ResumePoint lost : List.of(ResumePoint.malformed("?"), new ResumePoint("old", 3))) {
			Batch latest = live.read(lost, 500);
			assertThat(latest.gap().resumeAfter()).as("%s on a live feed", lost).isEqualTo(24);
			assertThat(seqs(latest)).containsExactly(25L);
			assertThat(latest.gap().missed()).isNull();
			Batch all = history.read(lost, 500);
			assertThat(all.gap().resumeAfter()).as("%s on a history feed", lost).isEqualTo(15);
			assertThat(seqs(all)).hasSize(10).startsWith(16L).endsWith(25L);
		}
		// the same epoch named explicitly is no gap at all
		assertThat(live.read(new ResumePoint("e1", 20), 500).gap()).isNull();
		assertThat(live.catchUp()).isEqualTo(CatchUp.LATEST);
		assertThat(history.catchUp()).isEqualTo(CatchUp.HISTORY);
	}

	@Test
	void aNewClientOnAFeedWhoseWindowHasOneEventGetsIt() {
		Feed feed = feed(1, CatchUp.LATEST);
		append(feed, 3); // keeps 3 only
		assertThat(seqs(feed.read(null, 500))).containsExactly(3L);
		assertThat(seqs(feed.read(ResumePoint.malformed("z"), 500))).containsExactly(3L);
	}

	@Test
	void aPointJustAheadOfTheHeadIsAFutureGapThatGoesOnFromTheHead() {
		Feed feed = feed(100, CatchUp.LATEST);
		append(feed, 5);
		Batch batch = feed.read(ResumePoint.after(6), 500);
		assertThat(batch.gap().reason()).isEqualTo(Gap.Reason.FUTURE);
		assertThat(batch.gap().resumeAfter()).isEqualTo(5);
		assertThat(batch.gap().missed()).isNull();
		assertThat(batch.events()).isEmpty();
		assertThat(batch.next()).isEqualTo(5);
	}

	// ---- Subscription -----------------------------------------------------------------

	@Test
	void aSubscriberLeftBehindByItsOwnSlownessGetsOverflowNotExpired() throws Exception {
		Feed feed = feed(10, CatchUp.LATEST);
		append(feed, 5);
		CountDownLatch blocked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Recording sink = new Recording() {
			@Override
			public long sendEvents(List<FeedEvent> events) throws IOException {
				if (blocked.getCount() > 0) {
					blocked.countDown();
					hold(release);
				}
				return super.sendEvents(events);
			}
		};
		feed.subscribe(Transport.SSE, ResumePoint.after(0), sink);
		assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
		append(feed, 30); // 6..35 while the first write hangs: the window keeps 26..35
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> sink.lastSeq() == 35);
		assertThat(sink.gaps).hasSize(1);
		Gap gap = sink.gaps.get(0);
		assertThat(gap.reason()).isEqualTo(Gap.Reason.OVERFLOW);
		assertThat(gap.requested().after()).isEqualTo(5);
		assertThat(gap.missed()).isEqualTo(20);
		assertThat(gap.resumeAfter()).isEqualTo(25);
		assertThat(sink.seqs).startsWith(1L, 2L, 3L, 4L, 5L, 26L).endsWith(35L).hasSize(15);
	}

	@Test
	void aClientsOwnOldPointIsExpiredAndAResumeMovesTheSubscriber() throws Exception {
		Feed feed = feed(10, CatchUp.LATEST);
		append(feed, 25);
		Recording sink = new Recording();
		Subscription subscription = feed.subscribe(Transport.WEBSOCKET, ResumePoint.after(2), sink);
		await().atMost(Duration.ofSeconds(5)).until(() -> sink.lastSeq() == 25);
		assertThat(sink.gaps).extracting(Gap::reason).containsExactly(Gap.Reason.EXPIRED);
		assertThat(sink.gaps.get(0).missed()).isEqualTo(13);
		// the client asks to go back to 20: exactly 21..25 again, no gap
		subscription.resume(ResumePoint.after(20));
		await().atMost(Duration.ofSeconds(5)).until(() -> sink.seqs.size() == 15);
		assertThat(sink.seqs.subList(10, 15)).containsExactly(21L, 22L, 23L, 24L, 25L);
		// ... and to a point older than the window: a client's own point, so expired
		subscription.resume(ResumePoint.after(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> sink.gaps.size() == 2);
		assertThat(sink.gaps.get(1).reason()).isEqualTo(Gap.Reason.EXPIRED);
		assertThat(subscription.transport()).isEqualTo(Transport.WEBSOCKET);
	}

	@Test
	void liveEventsFollowInOrderAndHeartbeatsGoOnlyToTheirTransport() throws Exception {
		Feed feed = feed(100, CatchUp.LATEST, 2);
		append(feed, 3);
		Recording sse = new Recording();
		Recording ws = new Recording();
		feed.subscribe(Transport.SSE, null, sse);
		feed.subscribe(Transport.WEBSOCKET, ResumePoint.after(0), ws);
		await().atMost(Duration.ofSeconds(5)).until(() -> sse.lastSeq() == 3 && ws.lastSeq() == 3);
		append(feed, 5);
		await().atMost(Duration.ofSeconds(5)).until(() -> sse.lastSeq() == 8 && ws.lastSeq() == 8);
		assertThat(sse.seqs).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
		assertThat(ws.seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
		// batches of at most 2
		assertThat(ws.batchSizes).allMatch(size -> size <= 2);
		assertThat(sse.gaps).isEmpty();
		feed.heartbeat(Transport.SSE);
		await().atMost(Duration.ofSeconds(5)).until(() -> sse.heartbeats == 1);
		Thread.sleep(100);
		assertThat(ws.heartbeats).isZero();
		assertThat(feed.subscriptionCount()).isEqualTo(2);
	}

	@Test
	void cancelIsSilentAndEndSaysWhyOnce() throws Exception {
		Feed feed = feed(100, CatchUp.LATEST);
		append(feed, 1);
		Recording cancelled = new Recording();
		Recording ended = new Recording();
		Subscription a = feed.subscribe(Transport.SSE, null, cancelled);
		feed.subscribe(Transport.WEBSOCKET, null, ended);
		await().atMost(Duration.ofSeconds(5)).until(() -> cancelled.lastSeq() == 1 && ended.lastSeq() == 1);
		a.cancel();
		a.cancel();
		assertThat(feed.subscriptionCount()).isEqualTo(1);
		assertThat(cancelled.closes).isEmpty();
		append(feed, 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> ended.lastSeq() == 2);
		assertThat(cancelled.lastSeq()).isEqualTo(1);
		feed.close(FeedSink.EndReason.FEED_REMOVED);
		assertThat(ended.closes).containsExactly(FeedSink.EndReason.FEED_REMOVED);
		assertThat(feed.subscriptionCount()).isZero();
		// a subscriber of a closed feed is ended at once
		Recording late = new Recording();
		feed.subscribe(Transport.SSE, null, late);
		assertThat(late.closes).containsExactly(FeedSink.EndReason.FEED_REMOVED);
	}

	@Test
	void aFailedWriteEndsTheSubscription() throws Exception {
		Feed feed = feed(100, CatchUp.LATEST);
		append(feed, 1);
		Recording broken = new Recording() {
			@Override
			public long sendEvents(List<FeedEvent> events) throws IOException {
				throw new IOException("client went away");
			}
		};
		feed.subscribe(Transport.SSE, null, broken);
		await().atMost(Duration.ofSeconds(5)).until(() -> !broken.closes.isEmpty());
		assertThat(broken.closes).containsExactly(FeedSink.EndReason.WRITE_FAILED);
		assertThat(feed.subscriptionCount()).isZero();
	}

	private static void hold(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Records what a subscription writes. */
	static class Recording implements FeedSink {

		final List<Long> seqs = new CopyOnWriteArrayList<>();

		final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

		final List<Gap> gaps = new CopyOnWriteArrayList<>();

		final List<EndReason> closes = new CopyOnWriteArrayList<>();

		volatile int heartbeats;

		long lastSeq() {
			return this.seqs.isEmpty() ? -1 : this.seqs.get(this.seqs.size() - 1);
		}

		@Override
		public long sendEvents(List<FeedEvent> events) throws IOException {
			this.batchSizes.add(events.size());
			events.forEach(event -> this.seqs.add(event.seq()));
			return events.size();
		}

		@Override
		public long sendGap(Gap gap) throws IOException {
			this.gaps.add(gap);
			return 1;
		}

		@Override
		public void sendHeartbeat() {
			this.heartbeats++;
		}

		@Override
		public void close(EndReason reason) {
			this.closes.add(reason);
		}

	}

}
