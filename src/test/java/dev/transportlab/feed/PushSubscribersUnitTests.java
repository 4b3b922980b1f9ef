package dev.transportlab.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A feed's push subscribers: every event to every subscriber once and in order,
 * heartbeats to one transport only, the endings (closed feed, stalled client, expired
 * token, cancel) with their reasons and the connection slots they give back.
 */
class PushSubscribersUnitTests {

	private final ExecutorService dispatch = Executors.newFixedThreadPool(2);

	private final ConnectionLimiter limiter = new ConnectionLimiter(3);

	private final Feed feed = new Feed("t", new FeedSettings(null, null),
			new InMemoryFeedLog("e1", 1000, Duration.ofMinutes(5), Clock.systemUTC()), Clock.systemUTC(), this.dispatch,
			this.limiter, CatchUp.LATEST, 500);

	@AfterEach
	void stop() {
		this.dispatch.shutdownNow();
	}

	@Test
	void everySubscriberGetsEveryEventOnceAndInOrder() {
		List<Sink> sinks = List.of(new Sink(false), new Sink(false), new Sink(true));
		for (Sink sink : sinks) {
			this.feed.subscribe(Transport.SSE, ResumePoint.after(0), sink);
		}
		for (int i = 0; i < 300; i++) {
			this.feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + "}");
		}
		List<Long> expected = new ArrayList<>();
		for (long seq = 1; seq <= 300; seq++) {
			expected.add(seq);
		}
		for (Sink sink : sinks) {
			await().atMost(Duration.ofSeconds(5)).until(() -> sink.seqs().size() >= 300);
			assertThat(sink.seqs()).isEqualTo(expected);
		}
	}

	@Test
	void aHeartbeatGoesToTheSubscribersOfOneTransportOnly() {
		Sink sse = new Sink(false);
		Sink socket = new Sink(false);
		Sink fetch = new Sink(true);
		this.feed.subscribe(Transport.SSE, null, sse);
		this.feed.subscribe(Transport.WEBSOCKET, null, socket);
		this.feed.subscribe(Transport.FETCH, null, fetch);
		this.feed.heartbeat(Transport.SSE);
		await().atMost(Duration.ofSeconds(5)).until(() -> sse.heartbeats.get() == 1);
		this.feed.heartbeat(Transport.FETCH);
		this.feed.heartbeat(Transport.FETCH);
		assertThat(fetch.heartbeats).as("non-blocking: sent at once").hasValue(2);
		assertThat(socket.heartbeats).hasValue(0);
		assertThat(sse.heartbeats).hasValue(1);
		assertThat(this.feed.localClients()).containsEntry(Transport.SSE, 1)
			.containsEntry(Transport.WEBSOCKET, 1)
			.containsEntry(Transport.FETCH, 1);
	}

	@Test
	void closingTheFeedEndsEverySubscriberWithTheReasonAndFreesTheirSlots() {
		Sink one = new Sink(false);
		Sink two = new Sink(true);
		this.feed.subscribe(Transport.SSE, null, one);
		this.feed.subscribe(Transport.SSE, null, two);
		this.feed.subscribe(Transport.SSE, null, new Sink(false));
		assertThatExceptionOfType(CapacityException.class)
			.isThrownBy(() -> this.feed.subscribe(Transport.SSE, null, new Sink(false)));
		this.feed.close(FeedSink.EndReason.SHUTDOWN);
		assertThat(one.ends).containsExactly(FeedSink.EndReason.SHUTDOWN);
		assertThat(two.ends).containsExactly(FeedSink.EndReason.SHUTDOWN);
		assertThat(this.feed.subscriptionCount()).isZero();
		assertThat(this.feed.localClients()).containsEntry(Transport.SSE, 0);
		// a late subscriber to the closed feed is told at once, and gives its slot back
		Sink late = new Sink(false);
		this.feed.subscribe(Transport.SSE, null, late);
		assertThat(late.ends).containsExactly(FeedSink.EndReason.FEED_REMOVED);
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryAcquire(Transport.SSE)).isTrue();
		}
	}

	@Test
	void stalledSubscribersAreEndedAndWaitingOnesAskedAgain() {
		Sink stalled = new Sink(true);
		Sink waiting = new Sink(true);
		Sink blocking = new Sink(false);
		this.feed.subscribe(Transport.WEBSOCKET, ResumePoint.after(0), stalled);
		this.feed.subscribe(Transport.WEBSOCKET, ResumePoint.after(0), waiting);
		this.feed.subscribe(Transport.SSE, ResumePoint.after(0), blocking);
		stalled.stalled = true;
		waiting.writable = false;
		this.feed.append((seq, ts, epoch) -> "{}");
		assertThat(waiting.seqs()).isEmpty();
		waiting.writable = true;
		// the sweep asks a waiting non-blocking sink again: it catches up
		this.feed.endStalled();
		assertThat(stalled.ends).containsExactly(FeedSink.EndReason.WRITE_FAILED);
		assertThat(waiting.ends).isEmpty();
		assertThat(waiting.seqs()).containsExactly(1L);
		await().atMost(Duration.ofSeconds(5)).until(() -> blocking.seqs().size() == 1);
		assertThat(blocking.ends).isEmpty();
		assertThat(this.feed.localClients()).containsEntry(Transport.WEBSOCKET, 1).containsEntry(Transport.SSE, 1);
	}

	@Test
	void cancelEndsSilentlyAndExpiryEndsWithItsReasonEachOnce() {
		Sink cancelled = new Sink(true);
		Sink expired = new Sink(true);
		Subscription first = this.feed.subscribe(Transport.SSE, null, cancelled);
		Subscription second = this.feed.subscribe(Transport.SSE, null, expired);
		first.cancel();
		first.cancel();
		first.expire();
		second.expire();
		second.expire();
		second.cancel();
		assertThat(cancelled.ends).isEmpty();
		assertThat(expired.ends).containsExactly(FeedSink.EndReason.AUTH_EXPIRED);
		assertThat(this.feed.subscriptionCount()).isZero();
		this.feed.append((seq, ts, epoch) -> "{}");
		assertThat(cancelled.seqs()).isEmpty();
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryAcquire(Transport.SSE)).as("slot %d given back", i).isTrue();
		}
	}

	/** Records what the subscription does with it. */
	static final class Sink implements FeedSink {

		private final boolean nonBlocking;

		final List<FeedEvent> events = new CopyOnWriteArrayList<>();

		final AtomicInteger heartbeats = new AtomicInteger();

		final List<EndReason> ends = new CopyOnWriteArrayList<>();

		volatile boolean writable = true;

		volatile boolean stalled;

		Sink(boolean nonBlocking) {
			this.nonBlocking = nonBlocking;
		}

		List<Long> seqs() {
			return this.events.stream().map(FeedEvent::seq).toList();
		}

		@Override
		public long sendEvents(List<FeedEvent> events) {
			this.events.addAll(events);
			return events.size();
		}

		@Override
		public long sendGap(Gap gap) {
			return 0;
		}

		@Override
		public void sendHeartbeat() {
			this.heartbeats.incrementAndGet();
		}

		@Override
		public void close(EndReason reason) {
			this.ends.add(reason);
		}

		@Override
		public boolean nonBlocking() {
			return this.nonBlocking;
		}

		@Override
		public boolean writable() {
			return this.writable;
		}

		@Override
		public boolean stalled(long nowNanos) {
			return this.stalled;
		}

	}

}
