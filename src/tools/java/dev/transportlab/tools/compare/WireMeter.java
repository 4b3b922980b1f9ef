package dev.transportlab.tools.compare;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.transportlab.tools.client.TcpProxy;

/**
 * What crosses the relay, per kind of traffic: it follows HTTP/1.1 on every relayed
 * connection (request and status lines, headers, Content-Length and chunked bodies,
 * the switch to WebSocket after a 101) and books each byte, as it crossed, to the traffic
 * of the message it belongs to: a feed's polling requests ({@code events <feed>}), its
 * SSE stream ({@code stream <feed>}), its WebSocket ({@code ws <feed>}) or anything else
 * ({@code other}: pages, scripts, clock sync). So a scenario's wire bytes are its
 * transport's bytes only, on connections the browser also uses for other requests.
 */
final class WireMeter implements TcpProxy.Tap {

	static final String OTHER = "other";

	private static final Pattern FEED_PATH = Pattern.compile("^/(?:api/feeds/([^/?]+)/(events|stream)|ws/feeds/([^/?]+))");

	private static final int MAX_HEAD = 64 * 1024;

	private final Map<String, Traffic> traffic = new ConcurrentHashMap<>();

	private final AtomicInteger errors = new AtomicInteger();

	/** The traffic key of a request target: {@code events|stream|ws <feed>}, or {@link #OTHER}. */
	static String classify(String target) {
		if (target.equals("/api/stream") || target.startsWith("/api/stream?")) {
			return "stream live";
		}
		Matcher m = FEED_PATH.matcher(target);
		if (!m.find()) {
			return OTHER;
		}
		return m.group(3) != null ? "ws " + m.group(3) : m.group(2) + " " + m.group(1);
	}

	/** The traffic kind a transport's requests have. */
	static String kind(String transport) {
		return switch (transport) {
			case "websocket" -> "ws";
			case "sse", "fetch" -> "stream"; // fetch POSTs to the SSE stream's path
			default -> "events";
		};
	}

	@Override
	public Connection open(int id, int clientPort) {
		return new Connection(id, clientPort);
	}

	/** Connections whose bytes could not be read as HTTP (booked as other from there on). */
	int errors() {
		return this.errors.get();
	}

	/** Every key seen so far. */
	Set<String> keys() {
		return Set.copyOf(this.traffic.keySet());
	}

	/** The figures of one key (zeros if unseen). */
	Totals totals(String key) {
		Traffic t = this.traffic.get(key);
		return t == null ? Totals.none(key) : t.totals(key);
	}

	Map<String, Totals> all() {
		Map<String, Totals> all = new TreeMap<>();
		this.traffic.forEach((key, t) -> all.put(key, t.totals(key)));
		return all;
	}

	/** Connections that carried any of these keys and are still open. */
	int open(Collection<String> keys) {
		int open = 0;
		for (String key : keys) {
			Traffic t = this.traffic.get(key);
			open += t == null ? 0 : t.open.get();
		}
		return open;
	}

	private Traffic traffic(String key) {
		return this.traffic.computeIfAbsent(key, k -> new Traffic());
	}

	/** One key's figures at a moment. Header bytes: request/status lines and header blocks. */
	record Totals(String key, long bytesUp, long bytesDown, long headerBytesUp, long headerBytesDown, long requests,
			int connections, List<Integer> clientPorts, String extension, String contentEncoding, long firstNanos,
			long lastNanos) {

		static Totals none(String key) {
			return new Totals(key, 0, 0, 0, 0, 0, 0, List.of(), null, null, 0, 0);
		}

		/** The sum of several keys (a scenario's polling may span feeds only in theory; WebSocket one). */
		static Totals sum(String key, Collection<Totals> parts) {
			Totals sum = none(key);
			for (Totals t : parts) {
				List<Integer> ports = new ArrayList<>(sum.clientPorts);
				ports.addAll(t.clientPorts);
				sum = new Totals(key, sum.bytesUp + t.bytesUp, sum.bytesDown + t.bytesDown,
						sum.headerBytesUp + t.headerBytesUp, sum.headerBytesDown + t.headerBytesDown,
						sum.requests + t.requests, sum.connections + t.connections, ports,
						sum.extension != null ? sum.extension : t.extension,
						sum.contentEncoding != null ? sum.contentEncoding : t.contentEncoding,
						sum.firstNanos == 0 ? t.firstNanos : Math.min(sum.firstNanos, t.firstNanos),
						Math.max(sum.lastNanos, t.lastNanos));
			}
			return sum;
		}

	}

	private static final class Traffic {

		final LongAdder up = new LongAdder();

		final LongAdder down = new LongAdder();

		final LongAdder headerUp = new LongAdder();

		final LongAdder headerDown = new LongAdder();

		final LongAdder requests = new LongAdder();

		final Set<Integer> connections = ConcurrentHashMap.newKeySet();

		final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

		final AtomicInteger open = new AtomicInteger();

		volatile String extension;

		volatile String contentEncoding;

		volatile long firstNanos;

		volatile long lastNanos;

		void add(boolean up, boolean header, long bytes) {
			if (bytes == 0) {
				return;
			}
			long now = System.nanoTime();
			if (this.firstNanos == 0) {
				this.firstNanos = now;
			}
			this.lastNanos = now;
			(up ? this.up : this.down).add(bytes);
			if (header) {
				(up ? this.headerUp : this.headerDown).add(bytes);
			}
		}

		Totals totals(String key) {
			return new Totals(key, this.up.sum(), this.down.sum(), this.headerUp.sum(), this.headerDown.sum(),
					this.requests.sum(), this.connections.size(), List.copyOf(this.clientPorts), this.extension,
					this.contentEncoding, this.firstNanos, this.lastNanos);
		}

	}

	/** One relayed connection: a request parser up, a response parser down, and the requests between. */
	final class Connection implements TcpProxy.Tap.Connection {

		private final int id;

		private final int clientPort;

		/** Requests waiting for their answer, oldest first (HTTP/1.1 answers in order). */
		private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

		private final Set<Traffic> touched = ConcurrentHashMap.newKeySet();

		private final Parser requests = new Parser(true);

		private final Parser responses = new Parser(false);

		Connection(int id, int clientPort) {
			this.id = id;
			this.clientPort = clientPort;
		}

		@Override
		public synchronized void up(byte[] bytes, int offset, int length) {
			this.requests.safeFeed(bytes, offset, length);
		}

		@Override
		public synchronized void down(byte[] bytes, int offset, int length) {
			this.responses.safeFeed(bytes, offset, length);
		}

		@Override
		public synchronized void closed() {
			this.requests.flushPartial();
			this.responses.flushPartial();
			this.touched.forEach(t -> t.open.decrementAndGet());
		}

		private void touch(Traffic t) {
			t.connections.add(this.id);
			t.clientPorts.add(this.clientPort);
			if (this.touched.add(t)) {
				t.open.incrementAndGet();
			}
		}

		private record Pending(Traffic traffic, boolean head) {
		}

		/** HTTP/1.1 framing of one direction; every byte is booked to the current message's traffic. */
		private final class Parser {

			private enum State {

				HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, RAW

			}

			private final boolean up;

			private State state = State.HEAD;

			private final ByteArrayOutputStream head = new ByteArrayOutputStream();

			private final StringBuilder line = new StringBuilder();

			private int tail;

			private long remaining;

			private Traffic current;

			/** Where feed() has consumed (and booked) to: the rest of a read goes to other if framing fails. */
			private int pos;

			Parser(boolean up) {
				this.up = up;
			}

			/** Never throws into the relay: bytes it cannot frame go to other, and the error is counted. */
			void safeFeed(byte[] b, int off, int len) {
				if (this.state == State.RAW && this.current == null) {
					traffic(OTHER).add(this.up, false, len);
					return;
				}
				this.pos = off;
				try {
					feed(b, off, len);
				}
				catch (RuntimeException ex) {
					WireMeter.this.errors.incrementAndGet();
					this.state = State.RAW;
					this.current = traffic(OTHER);
					// what this read had not booked yet, and any head in progress
					flushPartial();
					this.current.add(this.up, false, off + len - this.pos);
				}
			}

			void feed(byte[] b, int off, int len) {
				int i = off;
				int end = off + len;
				while (i < end) {
					this.pos = i;
					switch (this.state) {
						case HEAD -> i = head(b, i, end);
						case LENGTH, CHUNK_DATA -> {
							int n = (int) Math.min(this.remaining, end - i);
							this.current.add(this.up, false, n);
							i += n;
							this.remaining -= n;
							if (this.remaining == 0) {
								if (this.state == State.LENGTH) {
									done();
								}
								else {
									this.state = State.CHUNK_END;
									this.remaining = 2;
								}
							}
						}
						case CHUNK_END -> {
							int n = (int) Math.min(this.remaining, end - i);
							this.current.add(this.up, false, n);
							i += n;
							this.remaining -= n;
							if (this.remaining == 0) {
								this.state = State.CHUNK_SIZE;
							}
						}
						case CHUNK_SIZE, TRAILER -> i = line(b, i, end);
						case RAW -> {
							this.current.add(this.up, false, end - i);
							i = end;
						}
					}
				}
			}

			/** Head bytes until the blank line; then the head is read and booked at once. */
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
						if (this.up) {
							onRequest(text, size);
						}
						else {
							onResponse(text, size);
						}
						return i;
					}
				}
				return i;
			}

			/** A chunk-size line or a trailer line, booked as body (chunk framing). */
			private int line(byte[] b, int i, int end) {
				while (i < end) {
					byte c = b[i++];
					this.current.add(this.up, false, 1);
					this.pos = i;
					if (c == '\n') {
						String text = this.line.toString().strip();
						this.line.setLength(0);
						if (this.state == State.TRAILER) {
							if (text.isEmpty()) {
								done();
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

			private void onRequest(String text, int size) {
				String[] lines = text.split("\r\n");
				String[] requestLine = lines[0].split(" ");
				String method = requestLine[0];
				String target = requestLine.length > 1 ? requestLine[1] : "";
				Traffic t = traffic(classify(target));
				touch(t);
				t.requests.increment();
				t.add(true, true, size);
				this.current = t;
				Connection.this.pending.add(new Pending(t, method.equals("HEAD")));
				Map<String, String> headers = headers(lines);
				if ("websocket".equalsIgnoreCase(headers.get("upgrade"))) {
					// after the handshake the client sends only frames (it waits for the 101 first)
					this.state = State.RAW;
				}
				else {
					body(headers, false);
				}
			}

			private void onResponse(String text, int size) {
				String[] lines = text.split("\r\n");
				String[] statusLine = lines[0].split(" ");
				int status = statusLine.length > 1 ? parseInt(statusLine[1]) : 0;
				Pending request;
				if (status >= 100 && status < 200 && status != 101) {
					request = Connection.this.pending.peek(); // an interim answer: the real one follows
				}
				else {
					request = Connection.this.pending.poll();
				}
				Traffic t = request != null ? request.traffic() : traffic(OTHER);
				touch(t);
				t.add(false, true, size);
				this.current = t;
				Map<String, String> headers = headers(lines);
				if (headers.containsKey("content-encoding")) {
					t.contentEncoding = headers.get("content-encoding");
				}
				if (status == 101) {
					t.extension = headers.getOrDefault("sec-websocket-extensions", "none");
					this.state = State.RAW;
				}
				else if (status < 200 || status == 204 || status == 304 || (request != null && request.head())) {
					done();
				}
				else {
					body(headers, true);
				}
			}

			private void body(Map<String, String> headers, boolean response) {
				if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
					this.state = State.CHUNK_SIZE;
				}
				else if (headers.containsKey("content-length")) {
					this.remaining = Long.parseLong(headers.get("content-length").strip());
					if (this.remaining == 0) {
						done();
					}
					else {
						this.state = State.LENGTH;
					}
				}
				else if (response) {
					this.state = State.RAW; // the body ends when the connection does
				}
				else {
					done();
				}
			}

			private void done() {
				this.state = State.HEAD;
			}

			/** Bytes of a head that never ended (the connection closed): booked as other. */
			void flushPartial() {
				if (this.head.size() > 0) {
					traffic(OTHER).add(this.up, true, this.head.size());
					this.head.reset();
				}
			}

		}

	}

	private static Map<String, String> headers(String[] lines) {
		Map<String, String> headers = new java.util.HashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).strip());
			}
		}
		return headers;
	}

	private static int parseInt(String text) {
		try {
			return Integer.parseInt(text.strip());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
