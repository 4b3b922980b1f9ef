package dev.transportlab.feed;

import java.util.List;
import java.util.Map;

/**
 * A feed's history: its epoch and its replay window. The in-memory log is the embedded
 * default; with several instances a shared log (Redis Streams,
 * {@code lab.feed-log=redis}) stands behind the same methods: it owns the epoch, lets one
 * instance at a time append, and fills every instance's local window from the shared
 * stream. Readers only ever read the local window.
 */
public interface FeedLog {

	/** The history this window belongs to; it changes only when that history was lost. */
	String epoch();

	/**
	 * Makes the next event with {@code json} (given its seq, ts and epoch) and appends
	 * it.
	 * @return the event, or {@code null} when this instance may not append now (another
	 * instance publishes the feed, or the shared log cannot be reached)
	 */
	FeedEvent append(long ts, EventJson json);

	/** Seq of the newest event in the window, 0 when there is none. */
	long head();

	/** Seq of the oldest event still replayable, {@code head() + 1} when none is. */
	long oldest();

	/** Up to {@code max} events with seq > {@code after}, oldest first, contiguous. */
	List<FeedEvent> readAfter(long after, int max);

	/** Who to tell when the window changes; set once, by the feed. */
	void watch(Listener listener);

	/**
	 * A shared log may be a moment behind another instance that already delivered
	 * {@code seq}: waits up to {@code timeoutMillis} for it to arrive here. False at once
	 * for a log that no other instance writes.
	 */
	default boolean awaitHead(long seq, long timeoutMillis) {
		return false;
	}

	/** Which log this is and whether it works, for GET /api/feeds/{id}. */
	default Map<String, Object> describe() {
		return Map.of("type", "memory", "state", "ok");
	}

	/** True while the log takes events: false when a shared log is unreachable. */
	default boolean available() {
		return true;
	}

	/** Clients of every instance, given this instance's own. */
	default Map<Transport, Integer> clients(Map<Transport, Integer> local) {
		return local;
	}

	/**
	 * Keeps changed settings where every instance sees them; a shared log throws
	 * {@link FeedLogUnavailableException} when it cannot.
	 */
	default void saveSettings(FeedSettings settings) {
	}

	/**
	 * The feed is gone from this instance: {@code removed} when its owner ended it (a job
	 * forgotten), false on shutdown.
	 */
	default void close(boolean removed) {
	}

	/** What a log tells its feed. */
	interface Listener {

		/** New events are in the window, or the window was replaced (a new epoch). */
		void appended();

		/** Another instance changed the settings of a generated feed. */
		default void settingsChanged(FeedSettings settings) {
		}

		/** The shared history ended (a job forgotten, a benchmark feed unused). */
		default void vanished() {
		}

		/** This instance's clients, to add up across instances. */
		default Map<Transport, Integer> localClients() {
			return Map.of();
		}

	}

}
