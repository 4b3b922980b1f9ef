package dev.transportlab.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.transport.websocket.RawSocket.Frame;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The direct engine on raw sockets: permessage-deflate agreed without context, so that
 * every connection gets the same compressed bytes for an event; the RFC 6455 rules a
 * hand-written frame reader must keep; and the Spring engine still serving beside it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lab.websocket.compression=true")
class DirectEngineTests {

	private static final String BROWSER_OFFER = "permessage-deflate; client_max_window_bits";

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	@Test
	void agreesDeflateWithoutContextAndSendsEveryConnectionTheSameBytes() throws Exception {
		Feed feed = this.feeds.createPublished("ws-same-bytes");
		try (RawSocket first = RawSocket.open(this.port, "/ws/feeds/" + feed.id(), BROWSER_OFFER)) {
			assertThat(first.headers.get("sec-websocket-extensions"))
				.isEqualTo("permessage-deflate; server_no_context_takeover");
			joined(feed, 1);
			publish(feed, 3);
			List<Frame> early = first.frames(3);
			try (RawSocket second = RawSocket.open(this.port, "/ws/feeds/" + feed.id(), BROWSER_OFFER)) {
				List<Frame> latest = second.frames(1); // a new client starts at the
														// latest
				publish(feed, 3);
				List<Frame> fromFirst = first.frames(3);
				List<Frame> fromSecond = second.frames(3);
				// with a compression context kept per connection, the first socket's
				// frames would reference its three earlier events and differ
				for (int i = 0; i < 3; i++) {
					assertThat(fromFirst.get(i).compressed()).isTrue();
					assertThat(fromFirst.get(i).payload()).isEqualTo(fromSecond.get(i).payload());
					assertThat(inflate(fromFirst.get(i).payload())).contains("\"seq\":" + (4 + i) + ",");
				}
				assertThat(inflate(latest.get(0).payload())).contains("\"seq\":3,");
				assertThat(inflate(early.get(0).payload())).contains("\"seq\":1,");
			}
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	/**
	 * The 101 answer comes before the socket subscribes: an event published in between
	 * would be history to it, and a new client starts at the latest event only.
	 */
	private static void joined(Feed feed, int sockets) {
		await().atMost(Duration.ofSeconds(5)).until(() -> feed.subscriptionCount() == sockets);
	}

	@Test
	void declinesAnOfferItCannotHonourAndSendsPlainFrames() throws Exception {
		// Java's Deflater has one window size: a client asking for a smaller one gets
		// no compression
		try (RawSocket socket = RawSocket.open(this.port, "/ws/feeds/live",
				"permessage-deflate; server_max_window_bits=10")) {
			assertThat(socket.headers).doesNotContainKey("sec-websocket-extensions");
			Frame frame = socket.frames(1).get(0);
			assertThat(frame.compressed()).isFalse();
			assertThat(new String(frame.payload(), StandardCharsets.UTF_8)).startsWith("{\"seq\":");
		}
	}

	@Test
	void answersAPingAndTakesAFragmentedResume() throws Exception {
		Feed feed = this.feeds.createPublished("ws-fragments");
		try (RawSocket socket = RawSocket.open(this.port, "/ws/feeds/" + feed.id(), BROWSER_OFFER)) {
			joined(feed, 1);
			publish(feed, 5);
			socket.frames(5);
			socket.send(0x89, true, false, "are you there".getBytes(StandardCharsets.UTF_8));
			Frame pong = socket.nextFrame();
			assertThat(pong.opcode()).isEqualTo(0xA);
			assertThat(new String(pong.payload(), StandardCharsets.UTF_8)).isEqualTo("are you there");
			byte[] resume = ("{\"type\":\"resume\",\"after\":2,\"epoch\":\"" + feed.epoch() + "\"}")
				.getBytes(StandardCharsets.UTF_8);
			// text in two fragments, plain (RSV1 off): the client decides per message
			socket.send(0x1, false, false, java.util.Arrays.copyOfRange(resume, 0, 10));
			socket.send(0x0, true, false, java.util.Arrays.copyOfRange(resume, 10, resume.length));
			List<String> replayed = new ArrayList<>();
			for (Frame frame : socket.frames(3)) {
				replayed.add(inflate(frame.payload()));
			}
			assertThat(replayed.get(0)).contains("\"seq\":3,");
			assertThat(replayed.get(2)).contains("\"seq\":5,");
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void closesWith1002OnAnUnmaskedFrameAndOnReservedBits() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port, "/ws/feeds/live", null)) {
			socket.sendUnmasked(0x1, "{}".getBytes(StandardCharsets.UTF_8));
			assertThat(socket.closeCode()).isEqualTo(1002);
		}
		try (RawSocket socket = RawSocket.open(this.port, "/ws/feeds/live", null)) {
			// RSV1 (compressed) without permessage-deflate agreed
			socket.send(0x1, true, true, "{}".getBytes(StandardCharsets.UTF_8));
			assertThat(socket.closeCode()).isEqualTo(1002);
		}
	}

	@Test
	void refusesAPlainGetWithAProblem() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.getOutputStream()
				.write(("GET /ws/feeds/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(answer).startsWith("HTTP/1.1 426").contains("application/problem+json").contains("\"detail\"");
		}
	}

	@Test
	void theSpringEngineServesBesideIt() throws Exception {
		try (FeedRecorder client = FeedRecorder.webSocket("ws://127.0.0.1:" + this.port + "/ws/spring/feeds/live",
				null)) {
			List<FeedItem> items = client.take(2, Duration.ofSeconds(5));
			assertThat(items).hasSize(2);
			assertThat(items.get(1).seq()).isEqualTo(items.get(0).seq() + 1);
		}
	}

	private static void publish(Feed feed, int count) {
		for (int i = 0; i < count; i++) {
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch
					+ "\",\"markers\":[" + "[1,2.5,3.5],".repeat(40) + "[0,0,0]]}");
		}
	}

	private static String inflate(byte[] compressed) throws Exception {
		Inflater inflater = new Inflater(true);
		byte[] input = java.util.Arrays.copyOf(compressed, compressed.length + 4);
		input[compressed.length + 2] = (byte) 0xFF;
		input[compressed.length + 3] = (byte) 0xFF;
		inflater.setInput(input);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] chunk = new byte[4096];
		int n;
		while ((n = inflater.inflate(chunk)) > 0) {
			out.write(chunk, 0, n);
		}
		inflater.end();
		return out.toString(StandardCharsets.UTF_8);
	}

}
