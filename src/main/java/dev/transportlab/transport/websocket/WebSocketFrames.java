package dev.transportlab.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.Deflater;

import dev.transportlab.feed.FeedEvent;

/**
 * RFC 6455 server frames. An event's text frame (header and payload) is built once, and,
 * for connections that agreed permessage-deflate with {@code server_no_context_takeover},
 * compressed once: every connection gets the same bytes, as nchan does. A small ring of
 * recent frames is shared by all subscribers; the event instance is the key.
 */
final class WebSocketFrames {

	static final int TEXT = 0x1;

	static final int BINARY = 0x2;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	static final int PONG = 0xA;

	private static final int SLOTS = 1024;

	/**
	 * RFC 7692 7.2.1: a sync flush ends with these four bytes, which the frame leaves
	 * out.
	 */
	private static final int FLUSH_TAIL = 4;

	private final AtomicReferenceArray<Frames> ring = new AtomicReferenceArray<>(SLOTS);

	/** One compressor for every event: each is compressed once, without context. */
	private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

	/** The event's frame, plain or compressed, the same array for every connection. */
	byte[] event(FeedEvent event, boolean deflate) {
		int slot = (int) (event.seq() % SLOTS);
		Frames frames = this.ring.get(slot);
		if (frames == null || frames.event != event) {
			frames = new Frames(event);
			this.ring.set(slot, frames);
		}
		return deflate ? frames.deflated(this) : frames.plain();
	}

	/**
	 * A batch's frames as one write (a second write could find the socket busy): the
	 * shared frame itself for one event, the shared frames concatenated for more.
	 */
	byte[] events(List<FeedEvent> events, boolean deflate) {
		if (events.size() == 1) {
			return event(events.get(0), deflate);
		}
		ByteArrayOutputStream batch = new ByteArrayOutputStream();
		for (FeedEvent event : events) {
			batch.writeBytes(event(event, deflate));
		}
		return batch.toByteArray();
	}

	/** A one-off text frame (gap notices), compressed when the connection agreed it. */
	byte[] text(String text, boolean deflate) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		return deflate ? frame(TEXT, true, compress(payload)) : frame(TEXT, false, payload);
	}

	static byte[] frame(int opcode, boolean compressed, byte[] payload) {
		int length = payload.length;
		int header = (length < 126) ? 2 : (length < 65536) ? 4 : 10;
		byte[] frame = new byte[header + length];
		frame[0] = (byte) (0x80 | (compressed ? 0x40 : 0) | opcode); // FIN, RSV1 when
																		// compressed
		if (length < 126) {
			frame[1] = (byte) length;
		}
		else if (length < 65536) {
			frame[1] = 126;
			frame[2] = (byte) (length >>> 8);
			frame[3] = (byte) length;
		}
		else {
			frame[1] = 127;
			for (int i = 0; i < 8; i++) {
				frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
			}
		}
		System.arraycopy(payload, 0, frame, header, length);
		return frame;
	}

	/** A close frame with its code and a reason that fits a control frame. */
	static byte[] close(int code, String reason) {
		byte[] text = reason.getBytes(StandardCharsets.UTF_8);
		int length = Math.min(text.length, 123);
		while (length < text.length && (text[length] & 0xC0) == 0x80) {
			length--; // never half a character: the reason must be valid UTF-8
		}
		byte[] payload = new byte[2 + length];
		payload[0] = (byte) (code >>> 8);
		payload[1] = (byte) code;
		System.arraycopy(text, 0, payload, 2, length);
		return frame(CLOSE, false, payload);
	}

	private synchronized byte[] compress(byte[] payload) {
		this.deflater.reset();
		this.deflater.setInput(payload);
		ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 2 + 64);
		byte[] chunk = new byte[Math.max(256, payload.length)];
		int n;
		do {
			n = this.deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
			out.write(chunk, 0, n);
		}
		while (n == chunk.length);
		byte[] all = out.toByteArray();
		byte[] trimmed = new byte[all.length - FLUSH_TAIL];
		System.arraycopy(all, 0, trimmed, 0, trimmed.length);
		return trimmed;
	}

	private static final class Frames {

		final FeedEvent event;

		private volatile byte[] plain;

		private volatile byte[] deflated;

		Frames(FeedEvent event) {
			this.event = event;
		}

		byte[] plain() {
			byte[] bytes = this.plain;
			if (bytes == null) {
				bytes = frame(TEXT, false, this.event.utf8());
				this.plain = bytes;
			}
			return bytes;
		}

		byte[] deflated(WebSocketFrames frames) {
			byte[] bytes = this.deflated;
			if (bytes == null) {
				bytes = frame(TEXT, true, frames.compress(this.event.utf8()));
				this.deflated = bytes;
			}
			return bytes;
		}

	}

}
