package dev.transportlab.tools.compare;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 * connection ({@link HttpParser}: request and status lines, headers, Content-Length and
 * chunked bodies, the switch to WebSocket after a 101) and books each byte, as it crossed, to the traffic
 * of the message it belongs to: a feed's polling requests ({@code events <feed>}), its
 * SSE stream ({@code stream <feed>}), its WebSocket ({@code ws <feed>}) or anything else
 * ({@code other}: pages, scripts, clock sync). So a scenario's wire bytes are its
 * transport's bytes only, on connections the browser also uses for other requests.
 */
final class WireMeter implements TcpProxy.Tap {

	static final String OTHER = "other";

	private static final Pattern FEED_PATH = Pattern.compile("^/(?:api/feeds/([^/?]+)/(events|stream)|ws/feeds/([^/?]+))");

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

		private final HttpParser requests = new HttpParser(new Requests());

		private final HttpParser responses = new HttpParser(new Responses());

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

		/** One direction: every byte is booked to the traffic of the message it belongs to. */
		private abstract class Side implements HttpParser.Handler {

			private final boolean up;

			/** The traffic of the message being read. */
			Traffic current;

			Side(boolean up) {
				this.up = up;
			}

			@Override
			public void body(int bytes) {
				(this.current != null ? this.current : traffic(OTHER)).add(this.up, false, bytes);
			}

			@Override
			public void failed() {
				WireMeter.this.errors.incrementAndGet();
				this.current = traffic(OTHER);
			}

			@Override
			public void partialHead(int bytes) {
				traffic(OTHER).add(this.up, true, bytes);
			}

		}

		private final class Requests extends Side {

			Requests() {
				super(true);
			}

			@Override
			public HttpParser.Body head(HttpParser.Head head) {
				Traffic t = traffic(classify(head.target()));
				touch(t);
				t.requests.increment();
				t.add(true, true, head.size());
				this.current = t;
				Connection.this.pending.add(new Pending(t, head.method().equals("HEAD")));
				if ("websocket".equalsIgnoreCase(head.headers().get("upgrade"))) {
					// after the handshake the client sends only frames (it waits for the 101 first)
					return HttpParser.Body.RAW;
				}
				return HttpParser.Body.of(head.headers(), false);
			}

		}

		private final class Responses extends Side {

			Responses() {
				super(false);
			}

			@Override
			public HttpParser.Body head(HttpParser.Head head) {
				int status = head.status();
				Pending request;
				if (status >= 100 && status < 200 && status != 101) {
					request = Connection.this.pending.peek(); // an interim answer: the real one follows
				}
				else {
					request = Connection.this.pending.poll();
				}
				Traffic t = request != null ? request.traffic() : traffic(OTHER);
				touch(t);
				t.add(false, true, head.size());
				this.current = t;
				Map<String, String> headers = head.headers();
				if (headers.containsKey("content-encoding")) {
					t.contentEncoding = headers.get("content-encoding");
				}
				if (status == 101) {
					t.extension = headers.getOrDefault("sec-websocket-extensions", "none");
					return HttpParser.Body.RAW;
				}
				if (status < 200 || status == 204 || status == 304 || (request != null && request.head())) {
					return HttpParser.Body.NONE;
				}
				return HttpParser.Body.of(headers, true);
			}

		}

	}

}
