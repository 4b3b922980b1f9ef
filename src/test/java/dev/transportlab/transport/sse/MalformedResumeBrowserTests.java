package dev.transportlab.transport.sse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.transportlab.tools.client.Browser;
import dev.transportlab.tools.client.JsonHttp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chromium's own EventSource with an unreadable resume point must stay OPEN and keep
 * receiving: a non-200 would make it give up for good (readyState 2). EventSource cannot
 * set headers, so the resume point reaches the server on two real paths: an {@code after}
 * in the stream URL, and a {@code Last-Event-ID} that the browser sends back after a
 * middlebox mangled an id (a relay in front of the app answers the first stream with
 * {@code id: xyz} and ends it; the browser reconnects through the relay to the app with
 * {@code Last-Event-ID: xyz}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lab.feed.rate=20")
class MalformedResumeBrowserTests {

	/** Follows the stream, logs what arrives (message, gap, error) with readyState. */
	private static final String FOLLOW = """
			window.received = [];
			const es = new EventSource(arguments[0]);
			window.es = es;
			es.onmessage = e => received.push({ type: 'message', id: e.lastEventId, data: e.data });
			es.addEventListener('gap', e => received.push({ type: 'gap', id: e.lastEventId, data: e.data }));
			es.onerror = () => received.push({ type: 'error', state: es.readyState });
			""";

	@LocalServerPort
	int port;

	@Test
	void anEventSourceWithAMalformedAfterStaysOpenAndReceives() {
		try (Browser browser = Browser.start()) {
			browser.open("http://127.0.0.1:" + this.port + "/api/time"); // any page of
																			// the app's
																			// origin
			browser.script(FOLLOW, "/api/stream?after=xyz");
			List<Map<String, Object>> received = awaitEvents(browser, 5);
			assertGapThenLive(received, "xyz");
			assertThat(received).noneMatch(r -> "error".equals(r.get("type")));
			assertThat(browser.script("return es.readyState")).isEqualTo(1L);
		}
	}

	@Test
	void anEventSourceSendingBackAMangledIdStaysOpenAndReceives() throws Exception {
		try (ManglingRelay relay = new ManglingRelay(this.port); Browser browser = Browser.start()) {
			browser.open("http://127.0.0.1:" + relay.port() + "/");
			browser.script(FOLLOW, "/api/stream");
			List<Map<String, Object>> received = awaitEvents(browser, 5);
			// the mangled id arrived, the stream ended, the browser came back with it
			assertThat(received.get(0)).containsEntry("type", "message").containsEntry("id", "xyz");
			assertThat(relay.requests).hasSizeGreaterThanOrEqualTo(2);
			assertThat(relay.requests.get(1)).containsIgnoringCase("Last-Event-ID: xyz");
			List<Map<String, Object>> fromTheApp = received.subList(
					received
						.indexOf(received.stream().filter(r -> "gap".equals(r.get("type"))).findFirst().orElseThrow()),
					received.size());
			assertGapThenLive(fromTheApp, "xyz");
			assertThat(browser.script("return es.readyState")).isEqualTo(1L);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> awaitEvents(Browser browser, int messagesAfterGap) {
		browser.await(Duration.ofSeconds(20))
			.until(driver -> (Boolean) browser.script("const gap = received.findIndex(r => r.type === 'gap');"
					+ "return gap >= 0 && received.slice(gap).filter(r => r.type === 'message').length >= "
					+ messagesAfterGap));
		return (List<Map<String, Object>>) browser.script("return received");
	}

	/**
	 * A malformed gap quoting the value, then events following on from its resumeAfter.
	 */
	private static void assertGapThenLive(List<Map<String, Object>> received, String value) {
		Map<String, Object> gapEntry = received.stream()
			.filter(r -> "gap".equals(r.get("type")))
			.findFirst()
			.orElseThrow();
		JsonNode gap = JsonHttp.JSON.readTree((String) gapEntry.get("data"));
		assertThat(gap.get("reason").asString()).isEqualTo("malformed");
		assertThat(gap.get("requestedValue").asString()).isEqualTo(value);
		long seq = gap.get("resumeAfter").asLong();
		// the gap's id is a readable point again: a later reconnect resumes from it
		assertThat((String) gapEntry.get("id")).endsWith(":" + seq);
		for (Map<String, Object> entry : received.subList(received.indexOf(gapEntry) + 1, received.size())) {
			if ("message".equals(entry.get("type"))) {
				seq++;
				assertThat(JsonHttp.JSON.readTree((String) entry.get("data")).get("seq").asLong()).isEqualTo(seq);
			}
		}
	}

	/**
	 * A middlebox that mangles ids: it serves a blank page, answers the first stream
	 * request itself with {@code id: xyz} and ends it, and relays every later stream
	 * request to the app unchanged. It keeps the request heads it saw.
	 */
	static final class ManglingRelay implements AutoCloseable {

		final List<String> requests = new CopyOnWriteArrayList<>();

		private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final int appPort;

		private final AtomicBoolean mangled = new AtomicBoolean();

		ManglingRelay(int appPort) throws IOException {
			this.appPort = appPort;
			Thread accept = new Thread(this::accept, "mangling-relay");
			accept.setDaemon(true);
			accept.start();
		}

		int port() {
			return this.listener.getLocalPort();
		}

		private void accept() {
			while (!this.listener.isClosed()) {
				try {
					Socket client = this.listener.accept();
					Thread serve = new Thread(() -> serve(client), "mangling-relay-conn");
					serve.setDaemon(true);
					serve.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void serve(Socket client) {
			try (client) {
				byte[] head = readHead(client.getInputStream());
				String text = new String(head, StandardCharsets.ISO_8859_1);
				OutputStream out = client.getOutputStream();
				if (!text.startsWith("GET /api/stream")) {
					byte[] page = "<!doctype html><title>relay</title>".getBytes(StandardCharsets.US_ASCII);
					out.write(("HTTP/1.1 " + (text.startsWith("GET / ") ? "200 OK" : "404 Not Found")
							+ "\r\nContent-Type: text/html\r\nContent-Length: " + page.length
							+ "\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					out.write(page);
					return;
				}
				this.requests.add(text);
				if (this.mangled.compareAndSet(false, true)) {
					out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
							+ "retry: 200\n\nid: xyz\ndata: {\"seq\":0}\n\n")
						.getBytes(StandardCharsets.UTF_8));
					return;
				}
				try (Socket app = new Socket(InetAddress.getLoopbackAddress(), this.appPort)) {
					app.getOutputStream().write(head);
					Thread up = new Thread(() -> copy(client, app), "mangling-relay-up");
					up.setDaemon(true);
					up.start();
					copy(app, client);
				}
			}
			catch (IOException ex) {
				// a side went away
			}
		}

		private static void copy(Socket from, Socket to) {
			try {
				from.getInputStream().transferTo(to.getOutputStream());
			}
			catch (IOException ex) {
				// closed
			}
		}

		private static byte[] readHead(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int matched = 0;
			while (matched < 4) {
				int b = in.read();
				if (b < 0) {
					throw new IOException("closed before the end of the head");
				}
				head.write(b);
				matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
			}
			return head.toByteArray();
		}

		@Override
		public void close() throws IOException {
			this.listener.close();
		}

	}

}
