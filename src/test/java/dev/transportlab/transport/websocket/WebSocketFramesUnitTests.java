package dev.transportlab.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.transportlab.feed.FeedEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's frames as an RFC 6455 client reads them: the shortest length encoding at
 * each boundary, FIN and RSV1, payloads a client inflates back to the event's JSON (RFC
 * 7692, the flush tail left out), close reasons that stay valid UTF-8 within a control
 * frame, and one shared array per event.
 */
class WebSocketFramesUnitTests {

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 125, 126, 127, 65535, 65536, 70000 })
	void aFrameUsesTheShortestLengthEncodingAndCarriesThePayloadUnchanged(int length) {
		byte[] payload = new byte[length];
		new Random(length).nextBytes(payload);
		byte[] frame = WebSocketFrames.frame(WebSocketFrames.TEXT, false, payload);
		int expectedHeader = (length <= 125) ? 2 : (length <= 65535) ? 4 : 10;
		assertThat(frame).hasSize(expectedHeader + length);
		Frame read = Frame.read(frame);
		assertThat(read.headerLength).isEqualTo(expectedHeader);
		assertThat(read.fin).isTrue();
		assertThat(read.rsv1).isFalse();
		assertThat(read.opcode).isEqualTo(WebSocketFrames.TEXT);
		assertThat(read.payload).isEqualTo(payload);
		// a server frame is never masked
		assertThat(frame[1] & 0x80).isZero();
	}

	@Test
	void aCompressedFrameSetsRsv1AndKeepsItsOpcode() {
		byte[] frame = WebSocketFrames.frame(WebSocketFrames.PING, true, new byte[] { 1, 2 });
		assertThat(frame[0] & 0xFF).isEqualTo(0x80 | 0x40 | WebSocketFrames.PING);
		assertThat(Frame.read(frame).payload).containsExactly(1, 2);
	}

	@Test
	void aCloseFrameCarriesTheCodeAndTheReason() {
		Frame close = Frame.read(WebSocketFrames.close(1008, "bad resume"));
		assertThat(close.opcode).isEqualTo(WebSocketFrames.CLOSE);
		assertThat(close.fin).isTrue();
		assertThat(close.code()).isEqualTo(1008);
		assertThat(close.reason()).isEqualTo("bad resume");
		assertThat(Frame.read(WebSocketFrames.close(4001, "")).code()).isEqualTo(4001);
		assertThat(Frame.read(WebSocketFrames.close(1001, "")).payload).hasSize(2);
	}

	@Test
	void aLongCloseReasonIsCutTo123BytesWithoutSplittingACharacter() {
		String ascii123 = "r".repeat(123);
		assertThat(Frame.read(WebSocketFrames.close(1002, ascii123)).reason()).isEqualTo(ascii123);
		assertThat(Frame.read(WebSocketFrames.close(1002, ascii123 + "s")).reason()).isEqualTo(ascii123);
		// two-byte characters: 61 fit (122 bytes), the 62nd would need bytes 123 and 124
		Frame twoByte = Frame.read(WebSocketFrames.close(1002, "é".repeat(70)));
		assertThat(twoByte.reason()).isEqualTo("é".repeat(61));
		assertThat(twoByte.payload.length).isLessThanOrEqualTo(125);
		// three-byte characters: 41 fit exactly (123 bytes)
		assertThat(Frame.read(WebSocketFrames.close(1002, "☃".repeat(50))).reason()).isEqualTo("☃".repeat(41));
		// one byte short of a character's end: that character goes
		assertThat(Frame.read(WebSocketFrames.close(1002, "x" + "☃".repeat(50))).reason())
			.isEqualTo("x" + "☃".repeat(40));
	}

	@Test
	void anEventsFrameIsBuiltOnceAndSharedByEveryConnection() {
		WebSocketFrames frames = new WebSocketFrames();
		FeedEvent event = FeedEvent.of(3, 1, "{\"seq\":3,\"text\":\"é\"}");
		byte[] plain = frames.event(event, false);
		assertThat(frames.event(event, false)).isSameAs(plain);
		Frame read = Frame.read(plain);
		assertThat(read.rsv1).isFalse();
		assertThat(read.opcode).isEqualTo(WebSocketFrames.TEXT);
		assertThat(read.payload).isEqualTo(event.utf8());
		byte[] deflated = frames.event(event, true);
		assertThat(frames.event(event, true)).isSameAs(deflated);
		assertThat(frames.event(event, false)).as("the plain frame is kept beside the compressed one").isSameAs(plain);
		Frame compressed = Frame.read(deflated);
		assertThat(compressed.rsv1).isTrue();
		assertThat(compressed.opcode).isEqualTo(WebSocketFrames.TEXT);
		assertThat(inflate(compressed.payload)).isEqualTo(event.utf8());
	}

	@Test
	void anotherEventInTheSameSlotOrAnEqualEventOfAnotherFeedGetsItsOwnFrame() {
		WebSocketFrames frames = new WebSocketFrames();
		FeedEvent event = FeedEvent.of(5, 1, "{\"seq\":5}");
		frames.event(event, true);
		FeedEvent sameSlot = FeedEvent.of(5 + 1024, 1, "{\"seq\":1029}");
		assertThat(Frame.read(frames.event(sameSlot, false)).payload).isEqualTo(sameSlot.utf8());
		assertThat(inflate(Frame.read(frames.event(sameSlot, true)).payload)).isEqualTo(sameSlot.utf8());
		FeedEvent twin = FeedEvent.of(5, 1, "{\"seq\":5,\"feed\":\"other\"}");
		assertThat(Frame.read(frames.event(twin, false)).payload).isEqualTo(twin.utf8());
		assertThat(inflate(Frame.read(frames.event(twin, true)).payload)).isEqualTo(twin.utf8());
	}

	@Test
	void everyCompressedFrameInflatesOnItsOwnWithoutContext() {
		WebSocketFrames frames = new WebSocketFrames();
		for (int seq = 1; seq <= 5; seq++) {
			FeedEvent event = FeedEvent.of(seq, seq, "{\"seq\":" + seq + ",\"markers\":[1,2,3,1,2,3,1,2,3]}");
			// a fresh inflater per frame: server_no_context_takeover
			assertThat(inflate(Frame.read(frames.event(event, true)).payload)).isEqualTo(event.utf8());
		}
	}

	@Test
	void incompressibleAndLargePayloadsInflateBackWhole() {
		WebSocketFrames frames = new WebSocketFrames();
		byte[] random = new byte[1000];
		new Random(7).nextBytes(random);
		// deflate makes random bytes a little longer than they are: more than one chunk
		FeedEvent noise = new FeedEvent(9, 1, "", random);
		assertThat(inflate(Frame.read(frames.event(noise, true)).payload)).isEqualTo(random);
		byte[] small = Arrays.copyOf(random, 200);
		assertThat(inflate(Frame.read(frames.event(new FeedEvent(10, 1, "", small), true)).payload)).isEqualTo(small);
		String big = "{\"log\":\"" + "line of a job log\\n".repeat(5000) + "\"}";
		Frame bigFrame = Frame.read(frames.text(big, true));
		assertThat(bigFrame.rsv1).isTrue();
		assertThat(new String(inflate(bigFrame.payload), StandardCharsets.UTF_8)).isEqualTo(big);
		assertThat(bigFrame.payload.length).isLessThan(big.length() / 10);
	}

	@Test
	void aPlainTextFrameIsTheUtf8OfTheText() {
		Frame text = Frame.read(new WebSocketFrames().text("{\"type\":\"gap\",\"x\":\"é\"}", false));
		assertThat(text.rsv1).isFalse();
		assertThat(new String(text.payload, StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"gap\",\"x\":\"é\"}");
	}

	/** What a client does with a frame that had RSV1 (RFC 7692 7.2.2). */
	static byte[] inflate(byte[] payload) {
		Inflater inflater = new Inflater(true);
		byte[] input = Arrays.copyOf(payload, payload.length + 4);
		input[input.length - 2] = (byte) 0xFF;
		input[input.length - 1] = (byte) 0xFF;
		inflater.setInput(input);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] chunk = new byte[4096];
		try {
			int n;
			while ((n = inflater.inflate(chunk)) > 0) {
				out.write(chunk, 0, n);
			}
		}
		catch (java.util.zip.DataFormatException ex) {
			throw new AssertionError("not a deflate stream", ex);
		}
		finally {
			inflater.end();
		}
		return out.toByteArray();
	}

	/** One unmasked frame, read as RFC 6455 5.2 says. */
	record Frame(boolean fin, boolean rsv1, int opcode, int headerLength, byte[] payload) {

		static Frame read(byte[] bytes) {
			boolean fin = (bytes[0] & 0x80) != 0;
			boolean rsv1 = (bytes[0] & 0x40) != 0;
			int opcode = bytes[0] & 0x0F;
			int length7 = bytes[1] & 0x7F;
			int header = 2;
			long length = length7;
			if (length7 == 126) {
				length = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
				header = 4;
				assertThat(length).as("a 16-bit length below 126 is not minimal").isGreaterThanOrEqualTo(126);
			}
			else if (length7 == 127) {
				length = 0;
				for (int i = 0; i < 8; i++) {
					length = (length << 8) | (bytes[2 + i] & 0xFF);
				}
				header = 10;
				assertThat(length).as("a 64-bit length below 65536 is not minimal").isGreaterThanOrEqualTo(65536);
			}
			assertThat(bytes.length).as("frame length").isEqualTo(header + length);
			return new Frame(fin, rsv1, opcode, header, Arrays.copyOfRange(bytes, header, bytes.length));
		}

		int code() {
			return ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF);
		}

		String reason() {
			try {
				return StandardCharsets.UTF_8.newDecoder()
					.decode(java.nio.ByteBuffer.wrap(this.payload, 2, this.payload.length - 2))
					.toString();
			}
			catch (java.nio.charset.CharacterCodingException ex) {
				throw new AssertionError("the close reason is not valid UTF-8", ex);
			}
		}

	}

}
