package dev.transportlab.feed;

import java.nio.charset.StandardCharsets;

/**
 * One event, serialised once when it is created; every subscriber on every transport gets
 * these same bytes.
 *
 * @param seq position in the feed's epoch, +1 per event
 * @param ts server creation time, epoch microseconds
 * @param json the event as JSON text
 * @param utf8 the same JSON as UTF-8 bytes
 */
public record FeedEvent(long seq, long ts, String json, byte[] utf8) {

	public static FeedEvent of(long seq, long ts, String json) {
		return new FeedEvent(seq, ts, json, json.getBytes(StandardCharsets.UTF_8));
	}

}
