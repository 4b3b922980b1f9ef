package dev.transportlab.transport.polling;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.transportlab.feed.Batch;
import dev.transportlab.feed.FeedEvent;

/**
 * Polling answers, built once and shared: every client at the same point of the same feed
 * gets the same bytes ({@code {"feed":..,"epoch":..,"next":N,"events":[]}} for those at
 * the head, the same one event for those one behind), so a thousand polls of an unchanged
 * cursor cost one answer. Events are immutable within an epoch, so an answer never goes
 * stale; old ones are simply dropped. Answers with a gap notice echo the client's own
 * point and are built per request.
 */
final class PollAnswers {

	/**
	 * Enough for the points clients poll at around the head; dropped all at once beyond.
	 */
	private static final int MAX_KEPT = 256;

	private record Key(String feed, String epoch, long after, long next, boolean more) {
	}

	private final Map<Key, byte[]> kept = new ConcurrentHashMap<>();

	/**
	 * {@code {"feed":..,"epoch":..,"next":N,"more":true,"gap":{..},"events":[..]}}
	 * ({@code more} only when the batch was cut at the feed's batch limit), assembled
	 * from the events' own bytes rather than serialised again.
	 */
	byte[] answer(String feed, Batch batch) {
		if (batch.gap() != null) {
			return build(feed, batch);
		}
		long after = batch.events().isEmpty() ? batch.next() : batch.events().get(0).seq() - 1;
		Key key = new Key(feed, batch.epoch(), after, batch.next(), batch.more());
		byte[] answer = this.kept.get(key);
		if (answer == null) {
			if (this.kept.size() >= MAX_KEPT) {
				this.kept.clear();
			}
			answer = build(feed, batch);
			this.kept.put(key, answer);
		}
		return answer;
	}

	private static byte[] build(String feed, Batch batch) {
		ByteArrayOutputStream body = new ByteArrayOutputStream(256 + batch.events().size() * 512);
		StringBuilder head = new StringBuilder(200).append("{\"feed\":\"")
			.append(feed)
			.append("\",\"epoch\":\"")
			.append(batch.epoch())
			.append("\",\"next\":")
			.append(batch.next());
		if (batch.more()) {
			head.append(",\"more\":true");
		}
		if (batch.gap() != null) {
			head.append(",\"gap\":").append(batch.gap().json());
		}
		body.writeBytes(head.append(",\"events\":[").toString().getBytes(StandardCharsets.UTF_8));
		boolean first = true;
		for (FeedEvent event : batch.events()) {
			if (!first) {
				body.write(',');
			}
			body.writeBytes(event.utf8());
			first = false;
		}
		body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

}
