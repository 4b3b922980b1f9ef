package dev.transportlab.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory window and the connection cap at their edges (survivors of the mutation
 * run, docs/results/mutation/summary.md).
 */
class FeedLogUnitTests {

	@Test
	void eventsMadeElsewhereStartTheWindowAtTheirFirstSeq() {
		InMemoryFeedLog log = new InMemoryFeedLog("e", 10, Duration.ofMinutes(5), Clock.systemUTC());
		for (long seq = 5; seq <= 7; seq++) {
			log.add(FeedEvent.of(seq, Micros.now(Clock.systemUTC()), "{}"));
		}
		assertThat(log.oldest()).isEqualTo(5);
		assertThat(log.head()).isEqualTo(7);
		assertThat(log.readAfter(4, 10)).extracting(FeedEvent::seq).containsExactly(5L, 6L, 7L);
	}

	@Test
	void whenEveryKeptEventIsTooOldTheWindowIsEmptyAfterTheHead() {
		Moving clock = new Moving();
		InMemoryFeedLog log = new InMemoryFeedLog("e", 10, Duration.ofSeconds(10), clock);
		for (long seq = 1; seq <= 3; seq++) {
			log.add(FeedEvent.of(seq, Micros.now(clock), "{}"));
		}
		assertThat(log.oldest()).isEqualTo(1);
		clock.now = clock.now.plusSeconds(11);
		assertThat(log.oldest()).as("all three older than the max age").isEqualTo(4);
		// the head stays: a client after it is up to date, not ahead
		assertThat(log.head()).isEqualTo(3);
	}

	@Test
	void anEmptyWindowStartsAtOneWithNothingToRead() {
		InMemoryFeedLog log = new InMemoryFeedLog("e", 10, Duration.ofMinutes(5), Clock.systemUTC());
		assertThat(log.head()).isZero();
		assertThat(log.oldest()).isEqualTo(1);
		assertThat(log.readAfter(0, 10)).isEmpty();
		assertThat(log.epoch()).isEqualTo("e");
		assertThat(log.describe()).containsEntry("type", "memory").containsEntry("state", "ok");
		assertThat(log.available()).isTrue();
		assertThat(log.awaitHead(1, 10)).isFalse();
	}

	@Test
	void appendMakesTheNextSeqWithItsTsAndEpochAndTellsTheListenerEachTime() {
		Moving clock = new Moving();
		InMemoryFeedLog log = new InMemoryFeedLog("e9", 10, Duration.ofMinutes(5), clock);
		int[] told = new int[1];
		log.watch(() -> told[0]++);
		long ts = Micros.now(clock);
		FeedEvent first = log.append(ts, (seq, at, epoch) -> seq + "/" + at + "/" + epoch);
		FeedEvent second = log.append(ts + 5, (seq, at, epoch) -> seq + "/" + at + "/" + epoch);
		assertThat(first).isEqualTo(log.readAfter(0, 1).get(0));
		assertThat(first.seq()).isEqualTo(1);
		assertThat(first.json()).isEqualTo("1/" + ts + "/e9");
		assertThat(second.json()).isEqualTo("2/" + (ts + 5) + "/e9");
		assertThat(second.ts()).isEqualTo(ts + 5);
		assertThat(told[0]).isEqualTo(2);
		assertThat(log.head()).isEqualTo(2);
	}

	@Test
	void theRingKeepsTheNewestSizeEventsAndAReadNeverReturnsAnOverwrittenOne() {
		InMemoryFeedLog log = new InMemoryFeedLog("e", 10, Duration.ofMinutes(5), Clock.systemUTC());
		for (int i = 0; i < 25; i++) {
			log.append(Micros.now(Clock.systemUTC()), (seq, at, epoch) -> "{\"seq\":" + seq + "}");
		}
		assertThat(log.oldest()).isEqualTo(16);
		assertThat(log.readAfter(15, 100)).extracting(FeedEvent::seq)
			.containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L);
		assertThat(log.readAfter(15, 3)).extracting(FeedEvent::seq).containsExactly(16L, 17L, 18L);
		assertThat(log.readAfter(23, 1)).extracting(FeedEvent::json).containsExactly("{\"seq\":24}");
		// seq 1's slot holds seq 21 now: a shorter (empty) read, never the wrong event
		assertThat(log.readAfter(0, 100)).isEmpty();
		assertThat(log.readAfter(14, 100)).isEmpty();
		assertThat(log.readAfter(25, 100)).isEmpty();
		assertThat(log.readAfter(40, 100)).isEmpty();
		assertThat(log.readAfter(24, 0)).isEmpty();
	}

	@Test
	void anEventExactlyMaxAgeOldIsKeptAndOneMicrosecondOlderIsNot() {
		Moving clock = new Moving();
		InMemoryFeedLog log = new InMemoryFeedLog("e", 10, Duration.ofSeconds(10), clock);
		for (long seq = 1; seq <= 3; seq++) {
			log.add(FeedEvent.of(seq, Micros.now(clock), "{}"));
		}
		clock.now = clock.now.plusSeconds(6);
		for (long seq = 4; seq <= 5; seq++) {
			log.add(FeedEvent.of(seq, Micros.now(clock), "{}"));
		}
		clock.now = clock.now.plusSeconds(4);
		assertThat(log.oldest()).as("1..3 exactly 10 s old").isEqualTo(1);
		clock.now = clock.now.plusNanos(1000);
		assertThat(log.oldest()).as("1..3 older than 10 s").isEqualTo(4);
		// reading still works from the oldest kept event on
		assertThat(log.readAfter(3, 10)).extracting(FeedEvent::seq).containsExactly(4L, 5L);
	}

	@Test
	void aWindowThatStartsMidStreamKeepsItsFirstSeqUntilItWraps() {
		InMemoryFeedLog log = new InMemoryFeedLog("e", 4, Duration.ofMinutes(5), Clock.systemUTC());
		long now = Micros.now(Clock.systemUTC());
		for (long seq = 100; seq <= 102; seq++) {
			log.add(FeedEvent.of(seq, now, "{}"));
		}
		assertThat(log.oldest()).isEqualTo(100);
		for (long seq = 103; seq <= 106; seq++) {
			log.add(FeedEvent.of(seq, now, "{}"));
		}
		assertThat(log.oldest()).isEqualTo(103);
		assertThat(log.readAfter(102, 10)).extracting(FeedEvent::seq).containsExactly(103L, 104L, 105L, 106L);
	}

	@Test
	void theCapAdmitsExactlyMaxPerTransportAndAReleaseMakesRoom() {
		ConnectionLimiter limiter = new ConnectionLimiter(2);
		assertThat(List.of(limiter.tryAcquire(Transport.SSE), limiter.tryAcquire(Transport.SSE),
				limiter.tryAcquire(Transport.SSE)))
			.containsExactly(true, true, false);
		assertThat(limiter.tryAcquire(Transport.WEBSOCKET)).as("another transport has its own cap").isTrue();
		limiter.release(Transport.SSE);
		assertThat(limiter.tryAcquire(Transport.SSE)).isTrue();
		assertThat(limiter.tryAcquire(Transport.SSE)).isFalse();
		assertThat(limiter.max()).isEqualTo(2);
	}

	/** A clock the test moves. */
	static final class Moving extends Clock {

		Instant now = Instant.parse("2026-01-01T00:00:00Z");

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
