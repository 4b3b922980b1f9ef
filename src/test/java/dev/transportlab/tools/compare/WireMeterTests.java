package dev.transportlab.tools.compare;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.transportlab.tools.client.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's accounting on byte streams written by hand: every byte is booked exactly
 * once, to the message it belongs to, however the stream is cut into reads.
 */
class WireMeterTests {

	private static final String POLL = "GET /api/feeds/b1/events?after=E%3A5 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";

	private static final String POLL_ANSWER = "HTTP/1.1 200 \r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
			+ "{\"events\":1}";

	private static final String SCRIPT = "GET /js/app.js HTTP/1.1\r\nHost: x\r\n\r\n";

	private static final String SCRIPT_ANSWER = "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n"
			+ "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n";

	private static final String NOT_MODIFIED = "HTTP/1.1 304 \r\nETag: \"1\"\r\n\r\n";

	@Test
	void booksEachMessageOfAKeepAliveConnectionToItsOwnTraffic() {
		WireMeter meter = new WireMeter();
		TcpProxy.Tap.Connection c = meter.open(1, 50000);
		// poll, script (chunked, with a trailer), poll again answered 304, in odd-sized
		// reads
		feed(c, true, POLL, 7);
		feed(c, false, POLL_ANSWER, 5);
		feed(c, true, SCRIPT, 3);
		feed(c, false, SCRIPT_ANSWER, 4);
		feed(c, true, POLL, 100);
		feed(c, false, NOT_MODIFIED, 2);
		c.closed();

		WireMeter.Totals polls = meter.totals("events b1");
		assertThat(polls.requests()).isEqualTo(2);
		assertThat(polls.bytesUp()).isEqualTo(2L * POLL.length());
		assertThat(polls.headerBytesUp()).isEqualTo(2L * POLL.length());
		assertThat(polls.bytesDown()).isEqualTo(POLL_ANSWER.length() + NOT_MODIFIED.length());
		assertThat(polls.headerBytesDown()).isEqualTo(POLL_ANSWER.length() - 12 + NOT_MODIFIED.length());
		assertThat(polls.connections()).isEqualTo(1);
		assertThat(polls.clientPorts()).containsExactly(50000);
		WireMeter.Totals other = meter.totals(WireMeter.OTHER);
		assertThat(other.bytesUp()).isEqualTo(SCRIPT.length());
		assertThat(other.bytesDown()).isEqualTo(SCRIPT_ANSWER.length());
		assertThat(meter.open(java.util.List.of("events b1"))).isZero();
		assertThat(meter.errors()).isZero();
	}

	@Test
	void followsAWebSocketAfterTheUpgradeAndReadsTheAgreedExtension() {
		WireMeter meter = new WireMeter();
		TcpProxy.Tap.Connection c = meter.open(1, 50001);
		String upgrade = "GET /ws/feeds/b2?after=E%3A1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
		String switching = "HTTP/1.1 101 \r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
				+ "Sec-WebSocket-Extensions: permessage-deflate;client_max_window_bits=15\r\n\r\n";
		feed(c, true, upgrade, 11);
		feed(c, false, switching, 9);
		byte[] frames = new byte[300]; // binary frames: no HTTP framing applies any more
		frames[0] = (byte) 0xc1;
		frames[1] = (byte) 0x7e;
		c.down(frames, 0, frames.length);
		c.up(new byte[] { (byte) 0x8a, (byte) 0x80, 1, 2, 3, 4 }, 0, 6);

		WireMeter.Totals ws = meter.totals("ws b2");
		assertThat(ws.requests()).isEqualTo(1);
		assertThat(ws.extension()).isEqualTo("permessage-deflate;client_max_window_bits=15");
		assertThat(ws.bytesDown()).isEqualTo(switching.length() + 300);
		assertThat(ws.bytesUp()).isEqualTo(upgrade.length() + 6);
		assertThat(ws.headerBytesDown()).isEqualTo(switching.length());
		assertThat(meter.open(java.util.List.of("ws b2"))).isEqualTo(1);
		c.closed();
		assertThat(meter.open(java.util.List.of("ws b2"))).isZero();
	}

	@Test
	void countsAnSseStreamWithItsChunkFramingAndEncoding() {
		WireMeter meter = new WireMeter();
		TcpProxy.Tap.Connection c = meter.open(1, 50002);
		String request = "GET /api/feeds/b3/stream HTTP/1.1\r\nAccept: text/event-stream\r\n\r\n";
		String head = "HTTP/1.1 200 \r\nContent-Type: text/event-stream\r\nContent-Encoding: gzip\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n";
		String event = "data: {\"seq\":1}\n\n";
		String chunk = Integer.toHexString(event.length()) + "\r\n" + event + "\r\n";
		feed(c, true, request, 1000);
		feed(c, false, head + chunk + chunk, 13);

		WireMeter.Totals sse = meter.totals("stream b3");
		assertThat(sse.bytesDown()).isEqualTo(head.length() + 2L * chunk.length());
		assertThat(sse.headerBytesDown()).isEqualTo(head.length());
		assertThat(sse.contentEncoding()).isEqualTo("gzip");
		assertThat(sse.firstNanos()).isPositive().isLessThanOrEqualTo(sse.lastNanos());
	}

	@Test
	void neverThrowsIntoTheRelayOnBytesThatAreNotHttp() {
		WireMeter meter = new WireMeter();
		TcpProxy.Tap.Connection c = meter.open(1, 50003);
		feed(c, true, POLL, 1000);
		feed(c, false, "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nmore", 1000);
		assertThat(meter.errors()).isEqualTo(1);
		Map<String, WireMeter.Totals> all = meter.all();
		long down = all.values().stream().mapToLong(WireMeter.Totals::bytesDown).sum();
		assertThat(down).as("still every byte booked somewhere")
			.isEqualTo("HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nmore".length());
	}

	@Test
	void namesTheTrafficOfEachTransportPath() {
		assertThat(WireMeter.classify("/api/feeds/bench-7/events?after=3&wait=25")).isEqualTo("events bench-7");
		assertThat(WireMeter.classify("/api/feeds/bench-7/stream")).isEqualTo("stream bench-7");
		assertThat(WireMeter.classify("/api/stream")).isEqualTo("stream live");
		assertThat(WireMeter.classify("/ws/feeds/bench-7?after=E%3A1")).isEqualTo("ws bench-7");
		assertThat(WireMeter.classify("/api/feeds/bench-7")).isEqualTo(WireMeter.OTHER);
		assertThat(WireMeter.classify("/benchmark?transport=sse")).isEqualTo(WireMeter.OTHER);
		assertThat(WireMeter.kind("long-polling")).isEqualTo("events");
	}

	/** Feeds {@code text} in reads of at most {@code step} bytes. */
	private static void feed(TcpProxy.Tap.Connection c, boolean up, String text, int step) {
		byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < bytes.length; i += step) {
			int n = Math.min(step, bytes.length - i);
			if (up) {
				c.up(bytes, i, n);
			}
			else {
				c.down(bytes, i, n);
			}
		}
	}

}
