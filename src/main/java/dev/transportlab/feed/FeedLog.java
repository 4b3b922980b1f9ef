package dev.transportlab.feed;

import java.util.List;

/**
 * A feed's history: the replay window. The in-memory log is the embedded default; a
 * shared log (for example Redis Streams) can stand behind the same methods when several
 * instances serve one feed.
 */
public interface FeedLog {

	void append(FeedEvent event);

	/** Seq of the newest event, 0 when nothing was appended yet. */
	long head();

	/** Seq of the oldest event still replayable, {@code head() + 1} when none is. */
	long oldest();

	/** Up to {@code max} events with seq > {@code after}, oldest first, contiguous. */
	List<FeedEvent> readAfter(long after, int max);

}
