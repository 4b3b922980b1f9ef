package dev.transportlab.tools.compare;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 framing of one direction of a connection, fed bytes as they cross: request or
 * status line and headers, then a body framed by Content-Length, chunked encoding, the
 * connection's end or nothing, and after an upgrade raw bytes only. It books nothing
 * itself: it hands each whole head and every later byte to its {@link Handler}, which says
 * how the message's body is framed (WireMeter has one parser per direction of a connection).
 */
final class HttpParser {

	private static final int MAX_HEAD = 64 * 1024;

	/** What the parser reports; called on the thread that feeds it. */
	interface Handler {

		/** A whole head (blank line included, or cut at 64 KiB): book it and say how its body is framed. */
		Body head(Head head);

		/** Bytes of the current message after its head: body, chunk framing or, after an upgrade, anything. */
		void body(int bytes);

		/** The bytes could not be framed: from here on every byte goes to {@link #body} unframed. */
		void failed();

		/** Bytes of a head that never ended (the connection closed, or framing failed). */
		void partialHead(int bytes);

	}

	/** A request or status line and its headers (names in lower case). */
	record Head(String firstLine, Map<String, String> headers, int size) {

		static Head parse(String text, int size) {
			String[] lines = text.split("\r\n");
			Map<String, String> headers = new HashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
							lines[i].substring(colon + 1).strip());
				}
			}
			return new Head(lines[0], headers, size);
		}

		String method() {
			return this.firstLine.split(" ")[0];
		}

		String target() {
			String[] parts = this.firstLine.split(" ");
			return parts.length > 1 ? parts[1] : "";
		}

		/** The status of a status line, 0 if it has none. */
		int status() {
			String[] parts = this.firstLine.split(" ");
			if (parts.length < 2) {
				return 0;
			}
			try {
				return Integer.parseInt(parts[1].strip());
			}
			catch (NumberFormatException ex) {
				return 0;
			}
		}

	}

	/** How a message's body is framed. */
	record Body(Kind kind, long length) {

		enum Kind {

			NONE, LENGTH, CHUNKED, RAW

		}

		static final Body NONE = new Body(Kind.NONE, 0);

		/** Until the connection ends; after an upgrade, everything that follows. */
		static final Body RAW = new Body(Kind.RAW, 0);

		/** From the headers: chunked, Content-Length, else to the connection's end (answers) or none (requests). */
		static Body of(Map<String, String> headers, boolean response) {
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				return new Body(Kind.CHUNKED, 0);
			}
			if (headers.containsKey("content-length")) {
				return new Body(Kind.LENGTH, Long.parseLong(headers.get("content-length").strip()));
			}
			return response ? RAW : NONE;
		}

	}

	private enum State {

		HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, RAW

	}

	private final Handler handler;

	private State state = State.HEAD;

	private final ByteArrayOutputStream head = new ByteArrayOutputStream();

	private final StringBuilder line = new StringBuilder();

	private int tail;

	private long remaining;

	/** Where feed() has consumed (and handed on) to: the rest of a read goes unframed if framing fails. */
	private int pos;

	HttpParser(Handler handler) {
		this.handler = handler;
	}

	/** Never throws into the relay: bytes it cannot frame go to the handler unframed, after failed(). */
	void safeFeed(byte[] b, int off, int len) {
		this.pos = off;
		try {
			feed(b, off, len);
		}
		catch (RuntimeException ex) {
			this.state = State.RAW;
			this.handler.failed();
			// what this read had not handed on yet, and any head in progress
			flushPartial();
			this.handler.body(off + len - this.pos);
		}
	}

	/** Bytes of a head that never ended (the connection closed) go to the handler as such. */
	void flushPartial() {
		if (this.head.size() > 0) {
			this.handler.partialHead(this.head.size());
			this.head.reset();
		}
	}

	private void feed(byte[] b, int off, int len) {
		int i = off;
		int end = off + len;
		while (i < end) {
			this.pos = i;
			switch (this.state) {
				case HEAD -> i = head(b, i, end);
				case LENGTH, CHUNK_DATA -> {
					int n = (int) Math.min(this.remaining, end - i);
					this.handler.body(n);
					i += n;
					this.remaining -= n;
					if (this.remaining == 0) {
						if (this.state == State.LENGTH) {
							this.state = State.HEAD;
						}
						else {
							this.state = State.CHUNK_END;
							this.remaining = 2;
						}
					}
				}
				case CHUNK_END -> {
					int n = (int) Math.min(this.remaining, end - i);
					this.handler.body(n);
					i += n;
					this.remaining -= n;
					if (this.remaining == 0) {
						this.state = State.CHUNK_SIZE;
					}
				}
				case CHUNK_SIZE, TRAILER -> i = line(b, i, end);
				case RAW -> {
					this.handler.body(end - i);
					i = end;
				}
			}
		}
	}

	/** Head bytes until the blank line; then the head is read and handed on at once. */
	private int head(byte[] b, int i, int end) {
		while (i < end) {
			byte c = b[i++];
			this.head.write(c);
			this.tail = (this.tail << 8) | (c & 0xff);
			if (this.tail == 0x0d0a0d0a || this.head.size() > MAX_HEAD) {
				this.pos = i;
				String text = this.head.toString(StandardCharsets.ISO_8859_1);
				int size = this.head.size();
				this.head.reset();
				this.tail = 0;
				expect(this.handler.head(Head.parse(text, size)));
				return i;
			}
		}
		return i;
	}

	private void expect(Body body) {
		switch (body.kind()) {
			case NONE -> this.state = State.HEAD;
			case CHUNKED -> this.state = State.CHUNK_SIZE;
			case RAW -> this.state = State.RAW;
			case LENGTH -> {
				this.remaining = body.length();
				this.state = (this.remaining == 0) ? State.HEAD : State.LENGTH;
			}
		}
	}

	/** A chunk-size line or a trailer line, handed on as body (chunk framing). */
	private int line(byte[] b, int i, int end) {
		while (i < end) {
			byte c = b[i++];
			this.handler.body(1);
			this.pos = i;
			if (c == '\n') {
				String text = this.line.toString().strip();
				this.line.setLength(0);
				if (this.state == State.TRAILER) {
					if (text.isEmpty()) {
						this.state = State.HEAD;
					}
				}
				else {
					int semicolon = text.indexOf(';');
					long size = Long.parseLong(semicolon >= 0 ? text.substring(0, semicolon).strip() : text, 16);
					if (size == 0) {
						this.state = State.TRAILER;
					}
					else {
						this.state = State.CHUNK_DATA;
						this.remaining = size;
					}
				}
				return i;
			}
			this.line.append((char) c);
		}
		return i;
	}

}
