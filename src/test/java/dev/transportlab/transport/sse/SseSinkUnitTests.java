package dev.transportlab.transport.sse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The SSE sink on a real connection: an embedded Tomcat (no Spring) serves one servlet
 * that opens a sink on its async response, and a plain socket reads what goes over the
 * wire. The test plays the subscription: it waits for the sink's wake-up, asks
 * {@code writable()}, and sends. Checked: the {@code retry:} preamble with the headers
 * before any event, the exact frames of events, gaps and heartbeats, the notice of each
 * ending and the end of the response, a subscription that ended before the response
 * started, and a client that stops reading (not writable, stalled after the limit, and
 * everything delivered in order once it reads again).
 */
class SseSinkUnitTests {

	private static OneServletTomcat tomcat;

	private static int port;

	private static final BlockingQueue<Stream> opened = new LinkedBlockingQueue<>();

	private final List<Client> clients = new ArrayList<>();

	private static long seq = 100;

	@BeforeAll
	static void start() throws Exception {
		tomcat = new OneServletTomcat("/sse", new SseServlet());
		port = tomcat.port();
	}

	@AfterAll
	static void stop() throws Exception {
		if (tomcat != null) {
			tomcat.close();
		}
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(Client::close);
	}

	@Test
	void theRetryPreambleAndTheHeadersGoOutBeforeAnyEvent() throws Exception {
		Client client = connect("retry=1234");
		Stream stream = opened();
		stream.awaitWake();
		assertThat(client.awaitHeaders()).startsWith("HTTP/1.1 200").containsIgnoringCase("text/event-stream");
		assertThat(client.awaitBody("retry: 1234\n\n")).isEqualTo("retry: 1234\n\n");
		assertThat(stream.sink.writable()).isTrue();
	}

	@Test
	void eventsGapsAndHeartbeatsAreExactSseFrames() throws Exception {
		Client client = connect("retry=2000&epoch=e7");
		Stream stream = opened();
		stream.awaitWake();
		FeedSink sink = stream.sink;
		FeedEvent one = event("{\"n\":1}");
		assertThat(sink.writable()).isTrue();
		long oneBytes = sink.sendEvents(List.of(one));
		String oneFrame = "id: e7:" + one.seq() + "\ndata: {\"n\":1}\n\n";
		assertThat(oneBytes).isEqualTo(oneFrame.length());
		client.awaitBody(oneFrame);
		FeedEvent two = event("{\"n\":2}");
		FeedEvent three = event("{\"n\":\"é\"}");
		assertThat(sink.writable()).isTrue();
		String batch = "id: e7:" + two.seq() + "\ndata: {\"n\":2}\n\nid: e7:" + three.seq()
				+ "\ndata: {\"n\":\"é\"}\n\n";
		assertThat(sink.sendEvents(List.of(two, three))).isEqualTo(batch.getBytes(StandardCharsets.UTF_8).length);
		client.awaitBody(oneFrame + batch);
		Gap gap = new Gap(Gap.Reason.EXPIRED, "e7", ResumePoint.after(3), 21L, 24);
		assertThat(sink.writable()).isTrue();
		String gapFrame = "id: e7:24\nevent: gap\ndata: " + gap.json() + "\n\n";
		assertThat(sink.sendGap(gap)).isEqualTo(gapFrame.length());
		assertThat(sink.writable()).isTrue();
		sink.sendHeartbeat();
		assertThat(client.awaitBody(oneFrame + batch + gapFrame + ": heartbeat\n\n"))
			.isEqualTo("retry: 2000\n\n" + oneFrame + batch + gapFrame + ": heartbeat\n\n");
	}

	@Test
	void eachEndingSaysWhyAndEndsTheResponse() throws Exception {
		assertEnding(FeedSink.EndReason.SHUTDOWN, "event: shutdown\ndata: {\"type\":\"shutdown\"}\n\n");
		assertEnding(FeedSink.EndReason.FEED_REMOVED, "event: feed-removed\ndata: {\"type\":\"feed-removed\"}\n\n");
		assertEnding(FeedSink.EndReason.AUTH_EXPIRED, "event: auth-expired\ndata: {\"type\":\"auth-expired\"}\n\n");
		// a client that takes no writes is not written to: the response just ends
		assertEnding(FeedSink.EndReason.WRITE_FAILED, "");
	}

	private void assertEnding(FeedSink.EndReason reason, String notice) throws Exception {
		Client client = connect("retry=10");
		Stream stream = opened();
		stream.awaitWake();
		client.awaitBody("retry: 10\n\n");
		stream.sink.close(reason);
		assertThat(client.awaitEnd()).as("%s", reason).isEqualTo("retry: 10\n\n" + notice);
		assertThat(stream.awaitFinished()).isTrue();
		assertThat(stream.sink.writable()).isFalse();
		assertThatIOException().isThrownBy(() -> stream.sink.sendEvents(List.of(event("{}"))));
		// a second close changes nothing
		stream.sink.close(FeedSink.EndReason.SHUTDOWN);
	}

	@Test
	void aSubscriptionEndedBeforeTheResponseStartedStillSendsTheHeadersAndSaysWhy() throws Exception {
		Client client = connect("retry=10&endEarly=SHUTDOWN");
		Stream stream = opened();
		assertThat(client.awaitHeaders()).startsWith("HTTP/1.1 200");
		assertThat(client.awaitEnd()).isEqualTo("retry: 10\n\nevent: shutdown\ndata: {\"type\":\"shutdown\"}\n\n");
		assertThat(stream.awaitFinished()).isTrue();
		assertThat(stream.wakes.availablePermits()).as("no wake-up after the end").isZero();
	}

	@Test
	void aClientThatStopsReadingStallsAndGetsEverythingInOrderWhenItReadsAgain() throws Exception {
		Client client = connect("retry=10&stallMillis=10000");
		Stream stream = opened();
		assertThat(stream.sink.stalled(System.nanoTime() + TimeUnit.HOURS.toNanos(1)))
			.as("not stalled before the response started")
			.isFalse();
		stream.awaitWake();
		String big = "x".repeat(60_000);
		List<FeedEvent> sent = new ArrayList<>();
		long unwritableFrom = 0;
		while (sent.size() < 2000) {
			long before = System.nanoTime();
			if (!stream.sink.writable()) {
				unwritableFrom = before;
				break;
			}
			FeedEvent event = event("{\"big\":\"" + big + "\"}");
			stream.sink.sendEvents(List.of(event));
			sent.add(event);
		}
		assertThat(unwritableFrom).as("the socket filled up after %d events", sent.size()).isPositive();
		long stall = TimeUnit.SECONDS.toNanos(10);
		assertThat(stream.sink.stalled(unwritableFrom + stall)).isFalse();
		assertThat(stream.sink.stalled(System.nanoTime() + stall + 1)).isTrue();
		// the client reads again: the container wakes the sink, which becomes writable
		StringBuilder frames = new StringBuilder("retry: 10\n\n");
		sent.forEach(event -> frames.append("id: e1:")
			.append(event.seq())
			.append("\ndata: ")
			.append(event.json())
			.append("\n\n"));
		// the test drains like the subscription: on each wake-up, ask writable(), which
		// flushes what waited
		String expected = client.readAll(frames.length(), () -> {
			if (stream.wakes.tryAcquire()) {
				stream.wakes.release();
				stream.sink.writable();
			}
		});
		stream.awaitWake();
		assertThat(stream.sink.writable()).isTrue();
		assertThat(stream.sink.stalled(System.nanoTime() + stall + 1)).isFalse();
		// compared as a whole, not printed: megabytes
		assertThat(expected.equals(frames.toString()))
			.as("every frame in order: %d bytes, %d events", frames.length(), sent.size())
			.isTrue();
	}

	private static synchronized FeedEvent event(String json) {
		return FeedEvent.of(++seq, 1, json);
	}

	private Client connect(String query) throws IOException {
		Client client = new Client(query);
		this.clients.add(client);
		return client;
	}

	private static Stream opened() throws InterruptedException {
		Stream stream = opened.poll(10, TimeUnit.SECONDS);
		assertThat(stream).as("the servlet opened a stream").isNotNull();
		return stream;
	}

	/** A sink as SseStreams opens one, and what the test learns of it. */
	record Stream(SseSink sink, Semaphore wakes, Semaphore finished) {

		void awaitWake() throws InterruptedException {
			assertThat(this.wakes.tryAcquire(10, TimeUnit.SECONDS)).as("the sink woke its subscription").isTrue();
		}

		boolean awaitFinished() throws InterruptedException {
			return this.finished.tryAcquire(10, TimeUnit.SECONDS);
		}

	}

	/** Opens a sink on each request, configured by the query. */
	static final class SseServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			String epoch = (request.getParameter("epoch") != null) ? request.getParameter("epoch") : "e1";
			long stallMillis = (request.getParameter("stallMillis") != null)
					? Long.parseLong(request.getParameter("stallMillis")) : 60_000;
			SseSink sink = new SseSink(() -> epoch, Long.parseLong(request.getParameter("retry")),
					Duration.ofMillis(stallMillis));
			Stream stream = new Stream(sink, new Semaphore(0), new Semaphore(0));
			sink.onWritable(stream.wakes::release);
			response.setContentType("text/event-stream");
			AsyncContext async = request.startAsync();
			async.setTimeout(0);
			async.addListener(new AsyncListener() {

				@Override
				public void onComplete(AsyncEvent event) {
					sink.finished();
					stream.finished.release();
				}

				@Override
				public void onTimeout(AsyncEvent event) {
				}

				@Override
				public void onError(AsyncEvent event) {
					sink.finished();
				}

				@Override
				public void onStartAsync(AsyncEvent event) {
				}

			});
			sink.start(async);
			if (request.getParameter("endEarly") != null) {
				sink.close(FeedSink.EndReason.valueOf(request.getParameter("endEarly")));
			}
			opened.add(stream);
		}

	}

	/** A plain HTTP/1.1 client that reads the chunked body as it comes. */
	static final class Client {

		private final Socket socket = new Socket();

		private final InputStream in;

		private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

		private int headerEnd = -1;

		Client(String query) throws IOException {
			this.socket.setReceiveBufferSize(8192);
			this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			this.socket.getOutputStream()
				.write(("GET /sse?" + query + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			this.in = this.socket.getInputStream();
		}

		String awaitHeaders() throws IOException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (headerEnd() < 0) {
				readSome(deadline);
			}
			return this.raw.toString(StandardCharsets.ISO_8859_1).substring(0, this.headerEnd);
		}

		/** Reads until the body starts with (or is) {@code expected}; the body so far. */
		String awaitBody(String expected) throws IOException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			awaitHeaders();
			while (true) {
				String body = body();
				if (body.contains(expected)) {
					return body;
				}
				readSome(deadline);
			}
		}

		/** Reads until the last chunk; the whole body. */
		String awaitEnd() throws IOException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			awaitHeaders();
			while (!ended()) {
				readSome(deadline);
			}
			return body();
		}

		/** Reads until the body has {@code length} bytes; the body. */
		String readAll(int length, Runnable meanwhile) throws IOException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			awaitHeaders();
			while (true) {
				// decoding is the costly part: only once enough raw bytes are here
				if (this.raw.size() - this.headerEnd >= length) {
					String body = body();
					if (body.getBytes(StandardCharsets.UTF_8).length >= length) {
						return body;
					}
				}
				readSome(deadline);
				meanwhile.run();
			}
		}

		private void readSome(long deadline) throws IOException {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out; got " + this.raw.size() + " bytes: " + tail());
			}
			this.socket.setSoTimeout(200);
			byte[] buffer = new byte[65536];
			try {
				int n = this.in.read(buffer);
				if (n < 0) {
					throw new AssertionError("connection closed; got " + this.raw.size() + " bytes: " + tail());
				}
				this.raw.write(buffer, 0, n);
			}
			catch (SocketTimeoutException ex) {
				// nothing yet
			}
		}

		/** The start and the end of what arrived, short enough for a failure message. */
		private String tail() {
			String all = this.raw.toString(StandardCharsets.UTF_8);
			return (all.length() <= 600) ? all : all.substring(0, 300) + " [...] " + all.substring(all.length() - 300);
		}

		private int headerEnd() {
			if (this.headerEnd < 0) {
				int at = this.raw.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
				if (at >= 0) {
					this.headerEnd = at + 4;
				}
			}
			return this.headerEnd;
		}

		private boolean ended() {
			return this.raw.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")
					|| this.raw.toString(StandardCharsets.ISO_8859_1).substring(this.headerEnd).startsWith("0\r\n\r\n");
		}

		/** The chunked body decoded, as far as it arrived. */
		private String body() {
			byte[] bytes = this.raw.toByteArray();
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			int at = this.headerEnd;
			while (at < bytes.length) {
				int lineEnd = indexOfCrlf(bytes, at);
				if (lineEnd < 0) {
					break;
				}
				int size = Integer.parseInt(new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1).strip(),
						16);
				int start = lineEnd + 2;
				int available = Math.min(size, bytes.length - start);
				body.write(bytes, start, available);
				if (available < size) {
					break;
				}
				at = start + size + 2;
			}
			return body.toString(StandardCharsets.UTF_8);
		}

		private static int indexOfCrlf(byte[] bytes, int from) {
			for (int i = from; i + 1 < bytes.length; i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
					return i;
				}
			}
			return -1;
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closed
			}
		}

	}

}
