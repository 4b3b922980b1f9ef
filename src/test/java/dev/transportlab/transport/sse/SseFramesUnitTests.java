package dev.transportlab.transport.sse;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.FeedEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event's SSE frame is built once and shared, and never mixed up with another event in
 * the same slot of the ring.
 */
class SseFramesUnitTests {

	@Test
	void aFrameIsIdEpochSeqThenDataThenABlankLineAndIsSharedPerEvent() {
		SseFrames frames = new SseFrames();
		FeedEvent event = FeedEvent.of(7, 1, "{\"seq\":7}");
		byte[] frame = frames.frame(event, "e1");
		assertThat(new String(frame, StandardCharsets.UTF_8)).isEqualTo("id: e1:7\ndata: {\"seq\":7}\n\n");
		assertThat(frames.frame(event, "e1")).isSameAs(frame);
		// another event in the same slot (seq + 1024) gets its own frame
		FeedEvent sameSlot = FeedEvent.of(7 + 1024, 2, "{\"seq\":1031}");
		assertThat(new String(frames.frame(sameSlot, "e1"), StandardCharsets.UTF_8))
			.isEqualTo("id: e1:1031\ndata: {\"seq\":1031}\n\n");
		// an equal but distinct event (another feed's) is not taken for it
		FeedEvent twin = FeedEvent.of(7, 1, "{\"seq\":7,\"x\":1}");
		assertThat(new String(frames.frame(twin, "e2"), StandardCharsets.UTF_8))
			.isEqualTo("id: e2:7\ndata: {\"seq\":7,\"x\":1}\n\n");
	}

}
