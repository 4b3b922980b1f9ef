package dev.transportlab.feed.redis;

import java.util.List;

import dev.transportlab.feed.FeedSettings;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the feed log, typed: Redis takes strings and "1"/"0" flags in a
 * fixed order and answers positional lists; here they are records, and only this class
 * knows the order (the scripts' headers say the same).
 */
final class FeedScripts {

	private static final RedisScript<List> SYNC = script("sync.lua", List.class);

	private static final RedisScript<List> APPEND = script("append.lua", List.class);

	private static final RedisScript<Long> RELEASE = script("release.lua", Long.class);

	private FeedScripts() {
	}

	/**
	 * One feed's keys: {@code lab:feed:F} (hash: epoch, seq, rate, markers),
	 * {@code lab:feed:F:lease} (the publishing instance), {@code lab:feed:F:stream} (one
	 * entry per event, id {@code SEQ-0}); in the order the scripts' KEYS take them.
	 */
	record Keys(String meta, String lease, String stream) {

		static Keys of(String feedId) {
			String meta = "lab:feed:" + feedId;
			return new Keys(meta, meta + ":lease", meta + ":stream");
		}

		List<String> all() {
			return List.of(this.meta, this.lease, this.stream);
		}

	}

	/**
	 * What sync.lua is told.
	 *
	 * @param instance this instance, as the lease holder's name
	 * @param leaseMillis how long a lease taken or renewed lasts
	 * @param mayTakeLease may take a free lease (else only renews one held)
	 * @param newEpoch the epoch to start when the feed or its history is new
	 * @param settings rate and markers to create a generated feed with (null for a
	 * published one)
	 * @param keyTtlMillis how long the keys outlive the last sync (0: for ever)
	 * @param localEpoch this instance's epoch
	 * @param localHead this instance's newest seq (Redis has less: it lost writes)
	 * @param mayCreate may create the feed when Redis has none
	 */
	record SyncRequest(String instance, long leaseMillis, boolean mayTakeLease, String newEpoch, FeedSettings settings,
			long keyTtlMillis, String localEpoch, long localHead, boolean mayCreate) {

		private Object[] args() {
			FeedSettings given = (this.settings != null) ? this.settings : new FeedSettings(null, null);
			return new Object[] { this.instance, Long.toString(this.leaseMillis), flag(this.mayTakeLease),
					this.newEpoch, (given.rate() != null) ? given.rate().toString() : "",
					(given.markers() != null) ? given.markers().toString() : "", Long.toString(this.keyTtlMillis),
					this.localEpoch, Long.toString(this.localHead), flag(this.mayCreate) };
		}

	}

	/**
	 * What sync.lua answers.
	 *
	 * @param exists false when the feed is gone (and this instance may not create it)
	 * @param leaseHeld this instance publishes
	 * @param epoch the feed's epoch
	 * @param seq the feed's newest seq
	 * @param settings the shared rate and markers, null for a published feed
	 */
	record SyncReply(boolean exists, boolean leaseHeld, String epoch, long seq, FeedSettings settings) {
	}

	/** What append.lua answers: the outcome and the state a publisher continues from. */
	record AppendReply(Outcome outcome, String epoch, long seq) {

		enum Outcome {

			/** The event is the feed's seq now. */
			WRITTEN,
			/** Another instance holds the lease. */
			LEASE_LOST,
			/** Epoch or seq moved on (empty epoch: the history is gone). */
			OUT_OF_STEP

		}

	}

	static SyncReply sync(StringRedisTemplate redis, Keys keys, SyncRequest request) {
		List<?> answer = redis.execute(SYNC, keys.all(), request.args());
		if (((Number) answer.get(0)).longValue() < 0) {
			return new SyncReply(false, false, "", 0, null);
		}
		String rate = (String) answer.get(3);
		String markers = (String) answer.get(4);
		FeedSettings settings = (rate.isEmpty() || markers.isEmpty()) ? null
				: new FeedSettings(Integer.valueOf(rate), Integer.valueOf(markers));
		return new SyncReply(true, ((Number) answer.get(0)).longValue() == 1, (String) answer.get(1),
				Long.parseLong((String) answer.get(2)), settings);
	}

	/**
	 * Appends {@code json} as {@code seq} of {@code epoch} if this instance holds the
	 * lease and {@code seq} is next; the stream keeps about {@code maxLength} entries.
	 */
	static AppendReply append(StringRedisTemplate redis, Keys keys, String instance, String epoch, long seq,
			int maxLength, String json, long ts) {
		List<?> answer = redis.execute(APPEND, keys.all(), instance, epoch, Long.toString(seq),
				Integer.toString(maxLength), json, Long.toString(ts));
		long code = ((Number) answer.get(0)).longValue();
		AppendReply.Outcome outcome = (code == 1) ? AppendReply.Outcome.WRITTEN
				: (code < 0) ? AppendReply.Outcome.LEASE_LOST : AppendReply.Outcome.OUT_OF_STEP;
		return new AppendReply(outcome, (String) answer.get(1), Long.parseLong((String) answer.get(2)));
	}

	/** Gives the lease up if this instance holds it. */
	static void release(StringRedisTemplate redis, Keys keys, String instance) {
		redis.execute(RELEASE, List.of(keys.lease()), instance);
	}

	private static String flag(boolean value) {
		return value ? "1" : "0";
	}

	private static <T> RedisScript<T> script(String name, Class<T> type) {
		return RedisScript.of(new ClassPathResource("dev/transportlab/feed/redis/" + name), type);
	}

}
