package dev.transportlab.transport.sse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.transportlab.feed.FeedEvent;
import dev.transportlab.feed.FeedSink;
import dev.transportlab.feed.Gap;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Writes the SSE text format by hand around each event's shared JSON bytes: <pre>
 * id: EPOCH:SEQ
 * data: {...}
 *
 * </pre> A gap is {@code event: gap}; a heartbeat is a comment line; shutdown is
 * {@code event: shutdown}. A whole batch is written, then flushed once.
 */
final class SseSink implements FeedSink {

	/**
	 * Frames are the same for every subscriber: built once per event (see the load
	 * report).
	 */
	private static final SseFrames FRAMES = new SseFrames();

	private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

	private final SseEmitter emitter;

	/** The feed's current epoch: a shared log gets a new one when its history is lost. */
	private final Supplier<String> epoch;

	SseSink(SseEmitter emitter, Supplier<String> epoch) {
		this.emitter = emitter;
		this.epoch = epoch;
	}

	/**
	 * Tell the browser how long to wait before reconnecting; this also flushes the
	 * headers.
	 */
	void start(long retryMillis) throws IOException {
		send(Set.of(item(("retry: " + retryMillis + "\n\n").getBytes(StandardCharsets.UTF_8))));
	}

	/**
	 * One item per event: its shared frame (each item costs a pass through Spring's
	 * converters).
	 */
	@Override
	public long sendEvents(List<FeedEvent> events) throws IOException {
		if (events.size() == 1) {
			return send(Set.of(item(FRAMES.frame(events.get(0), this.epoch.get()))));
		}
		Set<DataWithMediaType> items = new LinkedHashSet<>(events.size() * 2);
		String epoch = this.epoch.get();
		for (FeedEvent event : events) {
			items.add(item(FRAMES.frame(event, epoch)));
		}
		return send(items);
	}

	@Override
	public long sendGap(Gap gap) throws IOException {
		// the id moves Last-Event-ID past the gap, so a reconnect does not report it
		// again
		String frame = "id: " + gap.epoch() + ':' + gap.resumeAfter() + "\nevent: gap\ndata: " + gap.json() + "\n\n";
		return send(Set.of(item(frame.getBytes(StandardCharsets.UTF_8))));
	}

	@Override
	public void sendHeartbeat() throws IOException {
		send(Set.of(item(HEARTBEAT)));
	}

	@Override
	public void close(EndReason reason) {
		try {
			if (reason != EndReason.WRITE_FAILED) {
				String name = switch (reason) {
					case SHUTDOWN -> "shutdown";
					case AUTH_EXPIRED -> "auth-expired"; // private feed: fresh token,
															// resume
					default -> "feed-removed";
				};
				String frame = "event: " + name + "\ndata: {\"type\":\"" + name + "\"}\n\n";
				send(Set.of(item(frame.getBytes(StandardCharsets.UTF_8))));
			}
			this.emitter.complete();
		}
		catch (IOException | IllegalStateException ex) {
			this.emitter.completeWithError(ex);
		}
	}

	private long send(Set<DataWithMediaType> items) throws IOException {
		this.emitter.send(items);
		long bytes = 0;
		for (DataWithMediaType item : items) {
			bytes += ((byte[]) item.getData()).length;
		}
		return bytes;
	}

	private static DataWithMediaType item(byte[] bytes) {
		return new DataWithMediaType(bytes, MediaType.TEXT_PLAIN);
	}

}
