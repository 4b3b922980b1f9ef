package dev.transportlab.feed;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A feed's own bookkeeping, on a clock the test moves: the window's head and oldest, one
 * serialisation per event, the long-poll cap, when it counts as idle, changed settings,
 * and what a closed feed still does (answers waiting polls, refuses events).
 */
class FeedUnitTests {

	private final ExecutorService dispatch = Executors.newSingleThreadExecutor();

	private final FeedTests.MutableClock clock = new FeedTests.MutableClock();

	private final ConnectionLimiter limiter = new ConnectionLimiter(2);

	private Feed feed(FeedSettings settings) {
		return new Feed("t", settings, new InMemoryFeedLog("e1", 3, Duration.ofMinutes(5), this.clock), this.clock,
				this.dispatch, this.limiter, CatchUp.LATEST, 500);
	}

	@AfterEach
	void stop() {
		this.dispatch.shutdownNow();
	}

	@Test
	void theWindowKeepsTheNewestEventsAndEachIsSerialisedOnce() {
		Feed feed = feed(new FeedSettings(null, null));
		assertThat(feed.head()).isZero();
		for (int i = 0; i < 5; i++) {
			feed.append((seq, ts, epoch) -> "{}");
		}
		assertThat(feed.head()).isEqualTo(5);
		assertThat(feed.oldest()).isEqualTo(3);
		assertThat(feed.serializations()).isEqualTo(5);
		assertThat(feed.epoch()).isEqualTo("e1");
		assertThat(feed.id()).isEqualTo("t");
	}

	@Test
	void waitingLongPollsAreCappedAndGiveTheirSlotBack() {
		Feed feed = feed(new FeedSettings(null, null));
		feed.acquireWaitingPoll();
		feed.acquireWaitingPoll();
		assertThatExceptionOfType(CapacityException.class).isThrownBy(feed::acquireWaitingPoll);
		assertThat(this.limiter.tryAcquire(Transport.SSE)).as("other transports have their own cap").isTrue();
		feed.releaseWaitingPoll();
		feed.acquireWaitingPoll();
	}

	@Test
	void aFeedIsIdleOnlyWithoutClientsOrWaitersAndAfterItsLastActivity() throws Exception {
		Feed feed = feed(new FeedSettings(null, null));
		long made = Micros.now(this.clock);
		assertThat(feed.idleSince(made)).as("active at that very microsecond").isFalse();
		assertThat(feed.idleSince(made + 1)).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		feed.polled(Transport.POLLING, "a");
		assertThat(feed.idleSince(made + 1)).as("a poll is activity").isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		Subscription subscription = feed.subscribe(Transport.SSE, null, new PushSubscribersUnitTests.Sink(true));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(feed.idleSince(Micros.now(this.clock))).as("a subscriber is here").isFalse();
		subscription.cancel();
		assertThat(feed.idleSince(Micros.now(this.clock))).as("leaving is activity too").isFalse();
		assertThat(feed.idleSince(Micros.now(this.clock) + 1)).isTrue();
		CountDownLatch answered = new CountDownLatch(1);
		feed.whenEventAfter(feed.head(), answered::countDown);
		assertThat(feed.idleSince(Micros.now(this.clock) + 1)).as("a poll waits").isFalse();
		feed.append((seq, ts, epoch) -> "{}");
		assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aGeneratedFeedTakesNewSettingsAndAPublishedOneIsNotGenerated() {
		Feed generated = feed(new FeedSettings(5, 2));
		assertThat(generated.isGenerated()).isTrue();
		generated.reconfigure(new FeedSettings(6, 3));
		assertThat(generated.settings()).isEqualTo(new FeedSettings(6, 3));
		assertThat(feed(new FeedSettings(null, null)).isGenerated()).isFalse();
	}

	@Test
	void aClosedFeedAnswersWaitingPollsAndRefusesEvents() throws Exception {
		Feed feed = feed(new FeedSettings(null, null));
		CountDownLatch waiting = new CountDownLatch(1);
		feed.whenEventAfter(0, waiting::countDown);
		feed.close(FeedSink.EndReason.FEED_REMOVED);
		assertThat(feed.isClosed()).isTrue();
		assertThat(waiting.await(5, TimeUnit.SECONDS)).as("the waiting poll was answered").isTrue();
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		feed.whenEventAfter(0, () -> ranOn.set(Thread.currentThread()));
		assertThat(ranOn.get()).as("answered at once, on the caller's thread").isSameAs(Thread.currentThread());
		assertThatIllegalStateException().isThrownBy(() -> feed.append((seq, ts, epoch) -> "{}"))
			.withMessage("feed t is closed");
		assertThat(feed.head()).isZero();
	}

}
