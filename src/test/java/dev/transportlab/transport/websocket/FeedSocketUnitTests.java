package dev.transportlab.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.transportlab.feed.FeedEvent;
import dev.transportlab.feed.FeedSink;
import dev.transportlab.feed.Gap;
import dev.transportlab.feed.ResumePoint;
import dev.transportlab.transport.OneServletTomcat;
import dev.transportlab.transport.websocket.RawSocket.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * One connection of the direct WebSocket engine on a real socket: an embedded Tomcat (no
 * Spring) upgrades each request to a {@link FeedSocket} configured as the handshake
 * would, and a {@link RawSocket} speaks RFC 6455 to it. The test plays the subscription
 * (it sends when the socket opens and says it is writable). Checked: the exact frames of
 * events, gaps and heartbeats, plain and compressed; texts and pings from the client; the
 * close handshake either way with the exact codes and reasons; bad input closed with its
 * code; a client that hangs up or never answers our close; and a client that stops
 * reading.
 */
class FeedSocketUnitTests {

	private static final int MAX_MESSAGE = 64;

	private static OneServletTomcat tomcat;

	private static int port;

	private static final BlockingQueue<Connection> opened = new LinkedBlockingQueue<>();

	private final List<RawSocket> clients = new ArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		tomcat = new OneServletTomcat("/ws", new UpgradeServlet());
		port = tomcat.port();
	}

	@AfterAll
	static void stop() throws Exception {
		if (tomcat != null) {
			tomcat.close();
		}
	}

	@AfterEach
	void closeClients() throws IOException {
		for (RawSocket client : this.clients) {
			client.close();
		}
		opened.clear();
	}

	@Test
	void eventsGapsAndHeartbeatsGoOutAsExactFrames() throws Exception {
		RawSocket client = connect("");
		Connection connection = opened();
		FeedSocket socket = connection.socket;
		assertThat(client.headers).doesNotContainKey("sec-websocket-extensions");
		assertThat(socket.writable()).isTrue();
		assertThat(socket.stalled(System.nanoTime() + TimeUnit.HOURS.toNanos(1))).isFalse();
		FeedEvent one = FeedEvent.of(1, 10, "{\"n\":\"é\"}");
		FeedEvent two = FeedEvent.of(2, 11, "{\"n\":2}");
		FeedEvent three = FeedEvent.of(3, 12, "{\"n\":\"\u20ac\"}");
		assertThat(socket.sendEvents(List.of(one))).isEqualTo(10);
		assertThat(socket.sendEvents(List.of(two, three))).isEqualTo(7 + 11);
		Gap gap = new Gap(Gap.Reason.EXPIRED, "e7", ResumePoint.after(3), 21L, 24);
		assertThat(socket.sendGap(gap)).isEqualTo(gap.json().length());
		socket.sendHeartbeat();
		assertText(client.nextFrame(), one.json());
		assertText(client.nextFrame(), two.json());
		assertText(client.nextFrame(), three.json());
		assertText(client.nextFrame(), gap.json());
		Frame ping = client.nextFrame();
		assertThat(ping.opcode()).isEqualTo(0x9);
		assertThat(ping.payload()).isEmpty();
		assertThat(connection.opens.availablePermits()).as("opened once").isEqualTo(1);
		assertThat(connection.ends.availablePermits()).isZero();
	}

	@Test
	void clientTextsReachTheFeedAndPingsArePonged() throws Exception {
		RawSocket client = connect("");
		Connection connection = opened();
		client.send(0x1, true, false, "{\"resumeAfter\":\"e1:5\"}".getBytes(StandardCharsets.UTF_8));
		client.send(0x9, true, false, "are you there".getBytes(StandardCharsets.UTF_8));
		// a message that spans the server's 512-byte reads
		String long1 = "x".repeat(MAX_MESSAGE);
		client.send(0x1, false, false, long1.substring(0, 30).getBytes(StandardCharsets.UTF_8));
		client.send(0x0, true, false, long1.substring(30).getBytes(StandardCharsets.UTF_8));
		Frame pong = client.nextFrame();
		assertThat(pong.opcode()).isEqualTo(0xA);
		assertThat(pong.text()).isEqualTo("are you there");
		assertThat(connection.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"resumeAfter\":\"e1:5\"}");
		assertThat(connection.texts.poll(5, TimeUnit.SECONDS)).isEqualTo(long1);
		assertThat(connection.socket.writable()).isTrue();
	}

	@Test
	void aClientCloseIsAnsweredWithItsCodeAndTheConnectionEnds() throws Exception {
		RawSocket client = connect("");
		Connection connection = opened();
		client.send(0x8, true, false, new byte[] { 0x0F, (byte) 0xA0, 'b', 'y', 'e' }); // 4000
		Frame close = client.nextFrame();
		assertThat(close.opcode()).isEqualTo(0x8);
		assertThat(close.payload()).containsExactly(0x0F, 0xA0);
		assertThat(client.hungUp()).isTrue();
		connection.awaitEnd();
		assertThat(connection.socket.writable()).isFalse();
		assertThatIOException().isThrownBy(() -> connection.socket.sendEvents(List.of(FeedEvent.of(1, 1, "{}"))))
			.withMessage("the connection has ended");
	}

	@Test
	void eachEndingClosesWithItsCodeAndReasonAndWaitsForTheClientsAnswer() throws Exception {
		assertEnding(FeedSink.EndReason.SHUTDOWN, 1001, "server shutting down");
		assertEnding(FeedSink.EndReason.FEED_REMOVED, 1001, "feed removed");
		assertEnding(FeedSink.EndReason.AUTH_EXPIRED, 4001, "token expired");
	}

	private void assertEnding(FeedSink.EndReason reason, int code, String text) throws Exception {
		RawSocket client = connect("");
		Connection connection = opened();
		FeedSocket socket = connection.socket;
		socket.close(reason);
		Frame close = client.nextFrame();
		assertThat(close.opcode()).isEqualTo(0x8);
		assertThat(close.closeCode()).isEqualTo(code);
		assertThat(close.closeReason()).isEqualTo(text);
		// after the close frame nothing more goes out, and the connection is still open
		assertThat(socket.writable()).isFalse();
		socket.sendEvents(List.of(FeedEvent.of(1, 1, "{}")));
		socket.sendHeartbeat();
		socket.close(FeedSink.EndReason.FEED_REMOVED);
		client.send(0x9, true, false, new byte[] { 1 });
		assertThat(connection.ends.availablePermits()).isZero();
		client.send(0x8, true, false, new byte[] { (byte) (code >>> 8), (byte) code });
		assertThat(client.hungUp()).as("%s: no frame after the close, then the end", reason).isTrue();
		connection.awaitEnd();
	}

	@Test
	void aFailedWriteEndsTheConnectionWithoutACloseFrame() throws Exception {
		RawSocket client = connect("");
		Connection connection = opened();
		connection.socket.close(FeedSink.EndReason.WRITE_FAILED);
		connection.awaitEnd();
		assertThat(connection.socket.writable()).isFalse();
		assertThatIOException().isThrownBy(() -> connection.socket.sendHeartbeat());
		// Tomcat closes the socket of an upgraded connection on its next event
		client.send(0x9, true, false, new byte[] { 1 });
		assertThat(client.hungUp()).as("no close frame, no pong").isTrue();
	}

	@Test
	void badInputClosesWithTheCodeThatFits() throws Exception {
		assertRefused(client -> client.send(0x2, true, false, new byte[] { 1, 2 }), 1003,
				"binary messages are not accepted; send a text resume message");
		assertRefused(client -> client.sendUnmasked(0x1, new byte[] { '{', '}' }), 1002,
				"client frames must be masked");
		assertRefused(client -> client.send(0x1, true, false, new byte[MAX_MESSAGE + 1]), 1009,
				"message too big; at most " + MAX_MESSAGE + " bytes");
		assertRefused(client -> client.send(0x1, true, false, new byte[] { (byte) 0xC3 }), 1007,
				"text message is not UTF-8");
		// compression was not agreed on this connection
		assertRefused(client -> client.send(0x1, true, true, new byte[] { 0x01 }), 1002, "reserved bits set");
	}

	private void assertRefused(ClientAction action, int code, String reason) throws Exception {
		RawSocket client = connect("");
		Connection connection = opened();
		action.run(client);
		// and what follows is not read
		client.send(0x1, true, false, "{}".getBytes(StandardCharsets.UTF_8));
		Frame close = client.nextFrame();
		assertThat(close.opcode()).isEqualTo(0x8);
		assertThat(close.closeCode()).isEqualTo(code);
		assertThat(close.closeReason()).isEqualTo(reason);
		Thread.sleep(100);
		assertThat(connection.texts).isEmpty();
	}

	@Test
	void aClientThatHangsUpEndsTheConnection() throws Exception {
		RawSocket client = connect("");
		Connection connection = opened();
		client.socket.shutdownOutput();
		assertThat(client.hungUp()).as("no close frame, the server hangs up").isTrue();
		connection.awaitEnd();
		assertThatIOException().isThrownBy(
				() -> connection.socket.sendGap(new Gap(Gap.Reason.EXPIRED, "e7", ResumePoint.after(3), 21L, 24)));
	}

	@Test
	void aClientThatNeverAnswersOurCloseIsEndedAfterThreeSeconds() throws Exception {
		RawSocket client = connect("");
		Connection connection = opened();
		long start = System.nanoTime();
		connection.socket.close(FeedSink.EndReason.SHUTDOWN);
		assertThat(client.nextFrame().closeCode()).isEqualTo(1001);
		connection.awaitEnd();
		long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(waited).as("waited for the answer").isBetween(2_900L, 9_000L);
		assertThatIOException().isThrownBy(() -> connection.socket.sendHeartbeat());
		client.send(0x9, true, false, new byte[] { 1 });
		assertThat(client.hungUp()).as("no pong after the end").isTrue();
	}

	@Test
	void withDeflateAgreedGapsAndEventsAreCompressedAndCompressedTextsAreRead() throws Exception {
		RawSocket client = connect("deflate=true");
		assertThat(client.headers.get("sec-websocket-extensions")).isEqualTo("permessage-deflate");
		Connection connection = opened();
		Gap gap = new Gap(Gap.Reason.EPOCH, "e8", ResumePoint.after(3), null, 0);
		FeedEvent event = FeedEvent.of(5, 1, "{\"text\":\"" + "abc".repeat(50) + "\"}");
		assertThat(connection.socket.sendGap(gap)).isEqualTo(gap.json().length());
		assertThat(connection.socket.sendEvents(List.of(event))).isEqualTo(event.utf8().length);
		Frame gapFrame = client.nextFrame();
		assertThat(gapFrame.compressed()).isTrue();
		assertThat(inflate(gapFrame.payload())).isEqualTo(gap.json());
		Frame eventFrame = client.nextFrame();
		assertThat(eventFrame.compressed()).isTrue();
		assertThat(eventFrame.payload().length).isLessThan(event.utf8().length);
		assertThat(inflate(eventFrame.payload())).isEqualTo(event.json());
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		deflater.setInput("{\"resumeAfter\":\"e8:2\"}".getBytes(StandardCharsets.UTF_8));
		byte[] buffer = new byte[256];
		int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
		client.send(0x1, true, true, Arrays.copyOf(buffer, n - 4));
		assertThat(connection.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"resumeAfter\":\"e8:2\"}");
	}

	@Test
	void aClientThatStopsReadingStallsAndGetsEverythingInOrderWhenItReadsAgain() throws Exception {
		RawSocket client = connect("stallMillis=10000");
		Connection connection = opened();
		FeedSocket socket = connection.socket;
		String big = "x".repeat(60_000);
		List<FeedEvent> sent = new ArrayList<>();
		long unwritableFrom = 0;
		while (sent.size() < 2000) {
			long before = System.nanoTime();
			if (!socket.writable()) {
				unwritableFrom = before;
				break;
			}
			FeedEvent event = FeedEvent.of(sent.size() + 1, 1, "{\"big\":\"" + big + "\",\"n\":" + sent.size() + "}");
			socket.sendEvents(List.of(event));
			sent.add(event);
		}
		assertThat(unwritableFrom).as("the socket filled up after %d events", sent.size()).isPositive();
		long stall = TimeUnit.SECONDS.toNanos(10);
		assertThat(socket.stalled(unwritableFrom + stall)).isFalse();
		assertThat(socket.stalled(System.nanoTime() + stall + 1)).isTrue();
		connection.wakes.drainPermits();
		client.socket.setSoTimeout(10_000);
		for (FeedEvent event : sent) {
			Frame frame = client.nextFrame();
			assertThat(frame.opcode()).isEqualTo(0x1);
			assertThat(Arrays.equals(frame.payload(), event.utf8())).as("event %d", event.seq()).isTrue();
		}
		// the container said it can write again: the socket woke its subscription
		assertThat(connection.wakes.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		assertThat(socket.writable()).isTrue();
		assertThat(socket.stalled(System.nanoTime() + stall + 1)).isFalse();
	}

	private static void assertText(Frame frame, String json) {
		assertThat(frame.opcode()).isEqualTo(0x1);
		assertThat(frame.compressed()).isFalse();
		assertThat(frame.text()).isEqualTo(json);
	}

	private static String inflate(byte[] compressed) throws Exception {
		Inflater inflater = new Inflater(true);
		byte[] input = Arrays.copyOf(compressed, compressed.length + 4);
		input[input.length - 2] = (byte) 0xFF;
		input[input.length - 1] = (byte) 0xFF;
		inflater.setInput(input);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] chunk = new byte[1024];
		int n;
		while ((n = inflater.inflate(chunk)) > 0) {
			out.write(chunk, 0, n);
		}
		inflater.end();
		return out.toString(StandardCharsets.UTF_8);
	}

	private RawSocket connect(String query) throws IOException {
		RawSocket client = RawSocket.open(port, "/ws?" + query, null);
		this.clients.add(client);
		return client;
	}

	private static Connection opened() throws InterruptedException {
		Connection connection = opened.poll(10, TimeUnit.SECONDS);
		assertThat(connection).as("the socket opened").isNotNull();
		return connection;
	}

	interface ClientAction {

		void run(RawSocket client) throws IOException;

	}

	/** A socket and what it told its (test) subscription. */
	record Connection(FeedSocket socket, BlockingQueue<String> texts, Semaphore opens, Semaphore ends,
			Semaphore wakes) {

		void awaitEnd() throws InterruptedException {
			assertThat(this.ends.tryAcquire(10, TimeUnit.SECONDS)).as("the socket ended").isTrue();
		}

	}

	/**
	 * Answers 101 and hands the connection to a FeedSocket, as FeedSocketController does.
	 */
	static final class UpgradeServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response)
				throws IOException, ServletException {
			boolean deflate = request.getParameter("deflate") != null;
			long stallNanos = TimeUnit.MILLISECONDS.toNanos((request.getParameter("stallMillis") != null)
					? Long.parseLong(request.getParameter("stallMillis")) : 60_000);
			response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
			response.setHeader("Upgrade", "websocket");
			response.setHeader("Connection", "Upgrade");
			response.setHeader("Sec-WebSocket-Accept",
					FeedSocketController.accept(request.getHeader("Sec-WebSocket-Key")));
			if (deflate) {
				response.setHeader("Sec-WebSocket-Extensions", "permessage-deflate");
			}
			FeedSocket socket = request.upgrade(FeedSocket.class);
			Connection connection = new Connection(socket, new LinkedBlockingQueue<>(), new Semaphore(0),
					new Semaphore(0), new Semaphore(0));
			socket.configure(new FeedSocket.Settings(deflate, MAX_MESSAGE, stallNanos, connection.texts::add,
					connection.ends::release, (open) -> {
						open.onWritable(connection.wakes::release);
						connection.opens.release();
						opened.add(connection);
					}));
		}

	}

}
