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
