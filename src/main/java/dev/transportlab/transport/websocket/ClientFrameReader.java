package dev.transportlab.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads what a client sends to the direct engine (RFC 6455): masked frames, fragmented
 * text messages, permessage-deflate when agreed, pings and a close. A frame a server must
 * refuse ends the reading with the close code that fits: 1002 protocol error, 1003
 * binary, 1007 bad UTF-8 or bad compressed data, 1009 too big.
 */
final class ClientFrameReader {

	/** What the connection does with the control frames and failures it reads. */
	interface Handler {

		void ping(byte[] data) throws IOException;

		/**
		 * The client closed with {@code code} (1002 when its close frame was not valid).
		 */
		void close(int code) throws IOException;

		/** The input broke a rule: close with {@code code}; the rest is not read. */
		void fail(int code, String reason);

	}

	private final boolean deflate;

	private final int maxMessageBytes;

	private final Consumer<String> onText;

	private final Handler handler;

	private final byte[] header = new byte[14];

	private int headerLength;

	private byte[] payload;

	private int payloadRead;

	private ByteArrayOutputStream message;

	private boolean messageCompressed;

	private Inflater inflater;

	/** After a protocol error the rest of the input cannot be framed: it is dropped. */
	private boolean failed;

	ClientFrameReader(boolean deflate, int maxMessageBytes, Consumer<String> onText, Handler handler) {
		this.deflate = deflate;
		this.maxMessageBytes = maxMessageBytes;
		this.onText = onText;
		this.handler = handler;
	}

	boolean failed() {
		return this.failed;
	}

	/** Feeds bytes to the frame parser; returns how far it got. */
	int consume(byte[] bytes, int at, int end) throws IOException {
		if (this.payload == null) {
			this.header[this.headerLength++] = bytes[at++];
			int needed = headerSize();
			if (needed < 0 || this.headerLength < needed) {
				return at;
			}
			long length = payloadLength();
			if (!checkHeader(length)) {
				return end;
			}
			this.payload = new byte[(int) length];
			this.payloadRead = 0;
		}
		int take = Math.min(end - at, this.payload.length - this.payloadRead);
		System.arraycopy(bytes, at, this.payload, this.payloadRead, take);
		this.payloadRead += take;
		if (this.payloadRead == this.payload.length) {
			frameComplete();
		}
		return at + take;
	}

	/** Header bytes the frame needs, or -1 while the length byte is not here yet. */
	private int headerSize() {
		if (this.headerLength < 2) {
			return -1;
		}
		int length = this.header[1] & 0x7F;
		int extended = (length == 126) ? 2 : (length == 127) ? 8 : 0;
		return 2 + extended + (((this.header[1] & 0x80) != 0) ? 4 : 0);
	}

	private long payloadLength() {
		int length = this.header[1] & 0x7F;
		if (length < 126) {
			return length;
		}
		int bytes = (length == 126) ? 2 : 8;
		long value = 0;
		for (int i = 0; i < bytes; i++) {
			value = (value << 8) | (this.header[2 + i] & 0xFF);
		}
		return value;
	}

	private boolean checkHeader(long length) throws IOException {
		int opcode = this.header[0] & 0x0F;
		boolean fin = (this.header[0] & 0x80) != 0;
		boolean rsv1 = (this.header[0] & 0x40) != 0;
		boolean control = opcode >= 0x8;
		if ((this.header[1] & 0x80) == 0) {
			return fail(1002, "client frames must be masked");
		}
		if ((this.header[0] & 0x30) != 0 || (rsv1 && (!this.deflate || control || opcode == 0))) {
			return fail(1002, "reserved bits set");
		}
		if (control && (!fin || length > 125)) {
			return fail(1002, "control frames are short and unfragmented");
		}
		if (opcode == WebSocketFrames.BINARY) {
			return fail(1003, "binary messages are not accepted; send a text resume message");
		}
		// reserved opcodes, data (3-7) and control (0xB-0xF) alike
		if (opcode != WebSocketFrames.TEXT && opcode != 0 && opcode != WebSocketFrames.CLOSE
				&& opcode != WebSocketFrames.PING && opcode != WebSocketFrames.PONG) {
			return fail(1002, "unknown opcode " + opcode);
		}
		if (opcode == 0 && this.message == null) {
			return fail(1002, "continuation without a message");
		}
		if (opcode == WebSocketFrames.TEXT && this.message != null) {
			return fail(1002, "a new message inside a fragmented one");
		}
		long sofar = (opcode == 0) ? this.message.size() : 0;
		if (!control && sofar + length > this.maxMessageBytes) {
			return fail(1009, "message too big; at most " + this.maxMessageBytes + " bytes");
		}
		return true;
	}

	private void frameComplete() throws IOException {
		int opcode = this.header[0] & 0x0F;
		boolean fin = (this.header[0] & 0x80) != 0;
		int maskAt = headerSize() - 4;
		byte[] data = this.payload;
		for (int i = 0; i < data.length; i++) {
			data[i] ^= this.header[maskAt + (i & 3)];
		}
		this.payload = null;
		this.headerLength = 0;
		switch (opcode) {
			case WebSocketFrames.PING -> this.handler.ping(data);
			case WebSocketFrames.PONG -> {
				// an answer to our heartbeat: nothing to do
			}
			case WebSocketFrames.CLOSE -> this.handler.close(closeCode(data));
			default -> {
				if (opcode == WebSocketFrames.TEXT) {
					this.message = new ByteArrayOutputStream(data.length);
					this.messageCompressed = (this.header[0] & 0x40) != 0;
				}
				this.message.write(data);
				if (fin) {
					byte[] whole = this.message.toByteArray();
					this.message = null;
					textComplete(this.messageCompressed ? inflate(whole) : whole);
				}
			}
		}
	}

	private void textComplete(byte[] utf8) throws IOException {
		if (utf8 == null) {
			return; // inflate failed and closed
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(utf8))
				.toString();
		}
		catch (CharacterCodingException ex) {
			fail(1007, "text message is not UTF-8");
			return;
		}
		this.onText.accept(text);
	}

	private byte[] inflate(byte[] compressed) throws IOException {
		if (this.inflater == null) {
			// kept across messages: the client may use context takeover
			this.inflater = new Inflater(true);
		}
		// RFC 7692 7.2.2: the sender left out the sync flush's tail 00 00 FF FF
		byte[] input = Arrays.copyOf(compressed, compressed.length + 4);
		input[input.length - 2] = (byte) 0xFF;
		input[input.length - 1] = (byte) 0xFF;
		this.inflater.setInput(input);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] chunk = new byte[512];
		try {
			int n;
			while ((n = this.inflater.inflate(chunk)) > 0) {
				out.write(chunk, 0, n);
				if (out.size() > this.maxMessageBytes) {
					fail(1009, "message too big; at most " + this.maxMessageBytes + " bytes");
					return null;
				}
			}
		}
		catch (DataFormatException ex) {
			fail(1007, "bad compressed data");
			return null;
		}
		return out.toByteArray();
	}

	private static int closeCode(byte[] data) {
		int code = (data.length >= 2) ? ((data[0] & 0xFF) << 8) | (data[1] & 0xFF) : 1000;
		boolean valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011)
				|| (code >= 3000 && code <= 4999);
		return (data.length == 1 || !valid) ? 1002 : code;
	}

	private boolean fail(int code, String reason) {
		this.failed = true;
		this.handler.fail(code, reason);
		return false;
	}

}
