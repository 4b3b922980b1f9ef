package dev.transportlab.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resume rules while the log changes under a read, made deterministic: a log that
 * moves its window, replaces its epoch, or receives the asked-for event from another
 * instance exactly between the rules' look at the window and their read. A read never
 * answers an empty batch while newer events exist, never mixes epochs, and waits for a
 * point another instance already delivered instead of calling it the future.
 */
class ResumeRaceUnitTests {

	@Test
	void aWindowThatMovesBetweenTheCheckAndTheReadIsReadAgain() {
		Racing log = new Racing(10);
		log.append(15); // keeps 6..15
		// the client is up to date at 15 when the check runs; before its read, 20 more
		// events push 16 out of the window
		log.beforeNextRead = () -> log.append(20);
		Batch batch = new ResumeRules(log, CatchUp.LATEST).read(ResumePoint.after(15), 100);
		assertThat(batch.events()).as("not an empty batch while 26..35 exist").isNotEmpty();
		// read again, the point is behind the window now: 16..25 are gone
		assertThat(batch.gap().reason()).isEqualTo(Gap.Reason.EXPIRED);
		assertThat(batch.gap().missed()).isEqualTo(10);
		assertThat(batch.gap().resumeAfter()).isEqualTo(25);
		assertThat(batch.events()).extracting(FeedEvent::seq)
			.containsExactly(26L, 27L, 28L, 29L, 30L, 31L, 32L, 33L, 34L, 35L);
		assertThat(batch.next()).isEqualTo(35);
	}

	@Test
	void aPointOneBehindAWindowThatMovedIsReadAgainToo() {
		Racing log = new Racing(10);
		log.append(15);
		log.beforeNextRead = () -> log.append(11); // keeps 17..26: 16 gone, 17 kept
		Batch batch = new ResumeRules(log, CatchUp.LATEST).read(ResumePoint.after(14), 100);
		assertThat(batch.events()).extracting(FeedEvent::seq).startsWith(17L).endsWith(26L);
		assertThat(batch.gap().missed()).as("15 and 16").isEqualTo(2);
	}

	@Test
	void aNewEpochBetweenTheCheckAndTheReadIsReadInTheNewEpoch() {
		Racing log = new Racing(10);
		log.append(5);
		log.beforeNextRead = () -> {
			log.replace("e2");
			log.append(3);
		};
		Batch batch = new ResumeRules(log, CatchUp.HISTORY).read(new ResumePoint("e1", 2), 100);
		assertThat(batch.epoch()).isEqualTo("e2");
		assertThat(batch.gap().reason()).isEqualTo(Gap.Reason.EPOCH);
		assertThat(batch.gap().epoch()).isEqualTo("e2");
		assertThat(batch.events()).extracting(FeedEvent::json).containsExactly("e2:1", "e2:2", "e2:3");
	}

	@Test
	void aPointAnotherInstanceAlreadyDeliveredIsWaitedForNotCalledTheFuture() {
		Racing log = new Racing(10);
		log.append(5);
		log.deliveredElsewhere = 7;
		Batch batch = new ResumeRules(log, CatchUp.LATEST).read(ResumePoint.after(7), 100);
		assertThat(batch.gap()).isNull();
		assertThat(batch.next()).isEqualTo(7);
		assertThat(log.awaited).isEqualTo(7);
		// a point beyond what arrives is the future, from the head
		Batch future = new ResumeRules(log, CatchUp.LATEST).read(ResumePoint.after(9), 100);
		assertThat(future.gap().reason()).isEqualTo(Gap.Reason.FUTURE);
		assertThat(future.gap().resumeAfter()).isEqualTo(7);
	}

	@Test
	void moreIsSaidOnlyForABatchCutAtItsLimitBeforeTheHead() {
		Racing log = new Racing(100);
		log.append(10);
		ResumeRules rules = new ResumeRules(log, CatchUp.LATEST);
		assertThat(rules.read(ResumePoint.after(0), 4).more()).isTrue();
		assertThat(rules.read(ResumePoint.after(5), 4).more()).as("4 events up to seq 9 < 10").isTrue();
		assertThat(rules.read(ResumePoint.after(6), 4).more()).as("cut at the head").isFalse();
		assertThat(rules.read(ResumePoint.after(7), 4).more()).as("3 events").isFalse();
	}

	/**
	 * An in-memory log that can run something just before its next read, and that may
	 * have had events delivered elsewhere (a shared log a moment behind).
	 */
	static final class Racing implements FeedLog {

		private final int size;

		private InMemoryFeedLog window;

		Runnable beforeNextRead;

		long deliveredElsewhere;

		long awaited;

		Racing(int size) {
			this.size = size;
			this.window = new InMemoryFeedLog("e1", size, Duration.ofMinutes(5), Clock.systemUTC());
		}

		void append(int count) {
			for (int i = 0; i < count; i++) {
				this.window.append(Micros.now(Clock.systemUTC()), (seq, ts, epoch) -> epoch + ":" + seq);
			}
		}

		void replace(String epoch) {
			this.window = new InMemoryFeedLog(epoch, this.size, Duration.ofMinutes(5), Clock.systemUTC());
		}

		@Override
		public String epoch() {
			return this.window.epoch();
		}

		@Override
		public FeedEvent append(long ts, EventJson json) {
			return this.window.append(ts, json);
		}

		@Override
		public long head() {
			return this.window.head();
		}

		@Override
		public long oldest() {
			return this.window.oldest();
		}

		@Override
		public List<FeedEvent> readAfter(long after, int max) {
			Runnable race = this.beforeNextRead;
			this.beforeNextRead = null;
			if (race != null) {
				race.run();
			}
			return this.window.readAfter(after, max);
		}

		@Override
		public void watch(Listener listener) {
		}

		@Override
		public boolean awaitHead(long seq, long timeoutMillis) {
			this.awaited = seq;
			if (seq <= this.deliveredElsewhere) {
				append((int) (this.deliveredElsewhere - head()));
				return true;
			}
			return false;
		}

		@Override
		public Map<String, Object> describe() {
			return this.window.describe();
		}

	}

}
