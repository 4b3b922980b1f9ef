package dev.transportlab.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import static dev.transportlab.transport.websocket.RawSocket.masked;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direct engine's frame reader fed bytes as a socket would hand them over: whole, one
 * byte at a time, or several frames in one read. Each rule of RFC 6455 (and RFC 7692 when
 * deflate is agreed) that a server must keep is pinned to its exact close code and
 * reason, and everything valid to exactly what the connection is given.
 */
class ClientFrameReaderUnitTests {

	private static final int TEXT = 0x1;

	private static final int BINARY = 0x2;

	private static final int CONTINUATION = 0x0;

	private static final int CLOSE = 0x8;

	private static final int PING = 0x9;

	private static final int PONG = 0xA;

	/** Marks a failure found in a message's content, not in a frame's header. */
	private static final String CONTENT = " (content)";

	/** What the reader told the connection, in order. */
	private final List<String> seen = new ArrayList<>();

	private ClientFrameReader reader(boolean deflate, int maxMessageBytes) {
		return new ClientFrameReader(deflate, maxMessageBytes, text -> this.seen.add("text " + text),
				new ClientFrameReader.Handler() {

					@Override
					public void ping(byte[] data) {
						ClientFrameReaderUnitTests.this.seen.add("ping " + new String(data, StandardCharsets.UTF_8));
					}

					@Override
					public void close(int code) {
						ClientFrameReaderUnitTests.this.seen.add("close " + code);
					}

					@Override
					public void fail(int code, String reason) {
						ClientFrameReaderUnitTests.this.seen.add("fail " + code + " " + reason);
					}

				});
	}

	/** Feeds like FeedSocket: until the read is used up or the reader failed. */
	private static void feed(ClientFrameReader reader, byte[] bytes) throws IOException {
		for (int at = 0; at < bytes.length && !reader.failed();) {
			int next = reader.consume(bytes, at, bytes.length);
			assertThat(next).as("the reader moves on").isGreaterThan(at).isLessThanOrEqualTo(bytes.length);
			at = next;
		}
	}

	private static void feedByteByByte(ClientFrameReader reader, byte[] bytes) throws IOException {
		for (int i = 0; i < bytes.length && !reader.failed(); i++) {
			assertThat(reader.consume(new byte[] { bytes[i] }, 0, 1)).isEqualTo(1);
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	@Test
	void aMaskedTextMessageIsUnmaskedAndGivenWholeHoweverTheBytesArrive() throws IOException {
		byte[] frame = masked(TEXT, true, false, utf8("{\"resumeAfter\":\"e1:42\"}"));
		ClientFrameReader whole = reader(false, 1000);
		feed(whole, frame);
		feedByteByByte(reader(false, 1000), frame);
		// two frames in one read
		ClientFrameReader two = reader(false, 1000);
		feed(two, concat(masked(TEXT, true, false, utf8("één")), masked(TEXT, true, false, utf8(""))));
		assertThat(this.seen).containsExactly("text {\"resumeAfter\":\"e1:42\"}", "text {\"resumeAfter\":\"e1:42\"}",
				"text één", "text ");
		assertThat(whole.failed()).isFalse();
		assertThat(two.failed()).isFalse();
	}

	@Test
	void extendedLengthsOf16And64BitsAreRead() throws IOException {
		String medium = "m".repeat(126) + "é".repeat(1000);
		String large = "L".repeat(70_000);
		ClientFrameReader reader = reader(false, 100_000);
		feed(reader, concat(masked(TEXT, true, false, utf8("s".repeat(125))), masked(TEXT, true, false, utf8(medium)),
				masked(TEXT, true, false, utf8(large))));
		assertThat(this.seen).containsExactly("text " + "s".repeat(125), "text " + medium, "text " + large);
	}

	@Test
	void aFragmentedMessageIsJoinedAndControlFramesBetweenItsFragmentsAreAnswered() throws IOException {
		ClientFrameReader reader = reader(false, 1000);
		byte[] e = utf8("é");
		byte[] bytes = concat(masked(TEXT, false, false, utf8("ab")),
				masked(CONTINUATION, false, false, new byte[] { 'c', e[0] }), masked(PING, true, false, utf8("hb")),
				masked(PONG, true, false, utf8("ignored")), masked(CONTINUATION, true, false, new byte[] { e[1], 'd' }),
				masked(TEXT, true, false, utf8("next")));
		feedByteByByte(reader, bytes);
		// a character split across fragments is decoded on the whole message
		assertThat(this.seen).containsExactly("ping hb", "text abcéd", "text next");
		assertThat(reader.failed()).isFalse();
	}

	@Test
	void aMessageOfExactlyTheLimitPassesAndOneByteMoreClosesWith1009() throws IOException {
		feed(reader(false, 10), masked(TEXT, true, false, utf8("0123456789")));
		ClientFrameReader single = reader(false, 10);
		feed(single, masked(TEXT, true, false, utf8("0123456789A")));
		ClientFrameReader fragmented = reader(false, 10);
		feed(fragmented, concat(masked(TEXT, false, false, utf8("01234")),
				masked(CONTINUATION, false, false, utf8("56789")), masked(CONTINUATION, true, false, utf8("A"))));
		ClientFrameReader fragmentsAtLimit = reader(false, 10);
		feed(fragmentsAtLimit,
				concat(masked(TEXT, false, false, utf8("01234")), masked(CONTINUATION, true, false, utf8("56789"))));
		assertThat(this.seen).containsExactly("text 0123456789", "fail 1009 message too big; at most 10 bytes",
				"fail 1009 message too big; at most 10 bytes", "text 0123456789");
		assertThat(single.failed()).isTrue();
		assertThat(fragmented.failed()).isTrue();
		assertThat(fragmentsAtLimit.failed()).isFalse();
	}

	@Test
	void controlFramesArePassedOnWithTheirData() throws IOException {
		ClientFrameReader reader = reader(false, 4);
		// control frames do not count against the message limit
		feed(reader, concat(masked(PING, true, false, utf8("longer than four")), masked(PING, true, false, new byte[0]),
				masked(PONG, true, false, utf8("x")), masked(CLOSE, true, false, new byte[] { 0x03, (byte) 0xE9 })));
		assertThat(this.seen).containsExactly("ping longer than four", "ping ", "close 1001");
	}

	@Test
	void aCloseFrameGivesItsCodeOr1000WithoutOneAnd1002WhenItIsNotAValidCode() throws IOException {
		int[] codes = { 1000, 1003, 1007, 1011, 3000, 4999, 999, 1004, 1005, 1006, 1012, 2999, 5000, 65535 };
		for (int code : codes) {
			byte[] payload = concat(new byte[] { (byte) (code >>> 8), (byte) code }, utf8("bye"));
			feed(reader(false, 100), masked(CLOSE, true, false, payload));
		}
		feed(reader(false, 100), masked(CLOSE, true, false, new byte[0]));
		feed(reader(false, 100), masked(CLOSE, true, false, new byte[] { 0x03 }));
		assertThat(this.seen).containsExactly("close 1000", "close 1003", "close 1007", "close 1011", "close 3000",
				"close 4999", "close 1002", "close 1002", "close 1002", "close 1002", "close 1002", "close 1002",
				"close 1002", "close 1002", "close 1000", "close 1002");
	}

	@Test
	void eachBrokenRuleClosesWithItsCodeAndTheRestIsNotRead() throws IOException {
		byte[] text = utf8("{}");
		assertFails(false, withoutMask(masked(TEXT, true, false, text)), "fail 1002 client frames must be masked");
		assertFails(false, withBits(masked(TEXT, true, false, text), 0x20), "fail 1002 reserved bits set");
		assertFails(false, withBits(masked(TEXT, true, false, text), 0x10), "fail 1002 reserved bits set");
		assertFails(true, withBits(masked(TEXT, true, false, text), 0x10), "fail 1002 reserved bits set");
		// RSV1 means compressed: only when deflate was agreed, only on a message's first
		// frame
		assertFails(false, masked(TEXT, true, true, text), "fail 1002 reserved bits set");
		assertFails(true, masked(PING, true, true, text), "fail 1002 reserved bits set");
		assertFails(true, concat(masked(TEXT, false, false, text), masked(CONTINUATION, true, true, text)),
				"fail 1002 reserved bits set");
		assertFails(false, masked(PING, false, false, text), "fail 1002 control frames are short and unfragmented");
		assertFails(false, masked(CLOSE, true, false, new byte[126]),
				"fail 1002 control frames are short and unfragmented");
		assertFails(false, masked(BINARY, true, false, text),
				"fail 1003 binary messages are not accepted; send a text resume message");
		assertFails(false, masked(0x3, true, false, text), "fail 1002 unknown opcode 3");
		assertFails(false, masked(0x7, true, false, text), "fail 1002 unknown opcode 7");
		assertFails(false, masked(CONTINUATION, true, false, text), "fail 1002 continuation without a message");
		assertFails(false, concat(masked(TEXT, false, false, text), masked(TEXT, true, false, text)),
				"fail 1002 a new message inside a fragmented one");
		assertFails(false, masked(TEXT, true, false, new byte[] { '{', (byte) 0xC3, '}' }),
				"fail 1007 text message is not UTF-8" + CONTENT);
		assertFails(false, masked(TEXT, true, false, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }),
				"fail 1007 text message is not UTF-8" + CONTENT);
	}

	@Test
	void reservedControlOpcodesAreRefusedLikeOtherUnknownOpcodes() throws IOException {
		assertFails(false, masked(0xB, true, false, utf8("{}")), "fail 1002 unknown opcode 11");
		assertFails(false, concat(masked(TEXT, false, false, utf8("a")), masked(0xF, true, false, utf8("b"))),
				"fail 1002 unknown opcode 15");
	}

	private void assertFails(boolean deflate, byte[] bytes, String failure) throws IOException {
		this.seen.clear();
		ClientFrameReader reader = reader(deflate, 1000);
		// a valid message after the bad frame must not be read
		byte[] all = concat(bytes, masked(TEXT, true, false, utf8("after")));
		int end = -1;
		for (int at = 0; at < all.length && !reader.failed();) {
			end = reader.consume(all, at, all.length);
			at = end;
		}
		assertThat(this.seen).as(failure).containsExactly(failure.replace(CONTENT, ""));
		assertThat(reader.failed()).isTrue();
		// a header it refuses drops the rest of the read; a bad message is read to its
		// end and no further
		assertThat(end).isEqualTo(failure.endsWith(CONTENT) ? bytes.length : all.length);
	}

	private static byte[] withoutMask(byte[] frame) {
		// the payload stays masked: unreadable, as it should be
		byte[] copy = frame.clone();
		copy[1] &= 0x7F;
		return copy;
	}

	private static byte[] withBits(byte[] frame, int bits) {
		byte[] copy = frame.clone();
		copy[0] |= (byte) bits;
		return copy;
	}

	@Test
	void compressedMessagesAreInflatedWithTheContextKeptAcrossMessages() throws IOException {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		String first = "{\"resumeAfter\":\"e1:1\"}".repeat(20);
		String second = "{\"resumeAfter\":\"e1:1\"}".repeat(21);
		byte[] one = compress(deflater, first);
		// context takeover: the second refers back to the first
		byte[] two = compress(deflater, second);
		ClientFrameReader reader = reader(true, 1000);
		feed(reader,
				concat(masked(TEXT, true, true, one),
						masked(TEXT, false, true, Arrays.copyOfRange(two, 0, two.length / 2)),
						masked(CONTINUATION, true, false, Arrays.copyOfRange(two, two.length / 2, two.length)),
						masked(TEXT, true, false, utf8("plain"))));
		assertThat(this.seen).containsExactly("text " + first, "text " + second, "text plain");
		assertThat(two.length).as("the second used the first's context").isLessThan(one.length);
	}

	@Test
	void compressedMessagesThatInflateTooBigOrAreNotDeflateOrNotUtf8AreRefused() throws IOException {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		// 600 bytes compress to a few: the frame is small, the message is not
		byte[] big = compress(deflater, "a".repeat(1001));
		assertThat(big.length).isLessThan(100);
		assertFails(true, masked(TEXT, true, true, big), "fail 1009 message too big; at most 1000 bytes" + CONTENT);
		deflater.reset();
		byte[] exact = compress(deflater, "a".repeat(1000));
		this.seen.clear();
		feed(reader(true, 1000), masked(TEXT, true, true, exact));
		assertThat(this.seen).containsExactly("text " + "a".repeat(1000));
		assertFails(true, masked(TEXT, true, true, new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF }),
				"fail 1007 bad compressed data" + CONTENT);
		deflater.reset();
		byte[] notUtf8 = compress(deflater, new byte[] { '{', (byte) 0xC3, '}' });
		assertFails(true, masked(TEXT, true, true, notUtf8), "fail 1007 text message is not UTF-8" + CONTENT);
	}

	private static byte[] compress(Deflater deflater, String text) {
		return compress(deflater, utf8(text));
	}

	/** As a browser does: a sync flush without its tail 00 00 FF FF (RFC 7692 7.2.1). */
	private static byte[] compress(Deflater deflater, byte[] data) {
		deflater.setInput(data);
		byte[] buffer = new byte[data.length + 64];
		int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
		assertThat(Arrays.copyOfRange(buffer, n - 4, n)).containsExactly(0, 0, 0xFF, 0xFF);
		return Arrays.copyOf(buffer, n - 4);
	}

}
