package dev.transportlab.transport.sse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.transportlab.feed.FeedEvent;

/**
 * The SSE frame of an event, {@code id: EPOCH:SEQ\ndata: {...}\n\n}, made once and shared
 * by every subscriber, like the event's JSON itself. A small ring of recent frames:
 * subscribers send the same few newest events, so the first one to send an event builds
 * its frame and the others find it. The event instance is the key, so feeds cannot mix.
 */
final class SseFrames {

	private static final int SLOTS = 1024;

	private final AtomicReferenceArray<Frame> ring = new AtomicReferenceArray<>(SLOTS);

	byte[] frame(FeedEvent event, String epoch) {
		int slot = (int) (event.seq() % SLOTS);
		Frame frame = this.ring.get(slot);
		if (frame != null && frame.event == event) {
			return frame.bytes;
		}
		byte[] head = ("id: " + epoch + ':' + event.seq() + "\ndata: ").getBytes(StandardCharsets.UTF_8);
		byte[] bytes = new byte[head.length + event.utf8().length + 2];
		System.arraycopy(head, 0, bytes, 0, head.length);
		System.arraycopy(event.utf8(), 0, bytes, head.length, event.utf8().length);
		bytes[bytes.length - 2] = '\n';
		bytes[bytes.length - 1] = '\n';
		this.ring.set(slot, new Frame(event, bytes));
		return bytes;
	}

	private record Frame(FeedEvent event, byte[] bytes) {
	}

}
