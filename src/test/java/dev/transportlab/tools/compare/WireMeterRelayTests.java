package dev.transportlab.tools.compare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.transportlab.tools.client.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay and the meter together, on real sockets: known bytes go through a
 * {@link TcpProxy} whose tap is a {@link WireMeter}, to a server that answers with known
 * bytes. What the meter booked, summed over its keys, must equal what the relay carried
 * each way (a byte booked twice or not at all shows), each message lands on its own key,
 * and an answer that cannot be framed counts in {@link WireMeter#errors()} with its bytes
 * still booked (to other).
 */
class WireMeterRelayTests {

	private static final String POLL = "GET /api/feeds/b1/events?after=5 HTTP/1.1\r\nHost: x\r\n\r\n";

	private static final String POLL_ANSWER = "HTTP/1.1 200 \r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
			+ "{\"events\":1}";

	private static final String SCRIPT = "GET /js/app.js HTTP/1.1\r\nHost: x\r\n\r\n";

	private static final String SCRIPT_ANSWER = "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n"
			+ "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

	private static final String BROKEN = "GET /api/feeds/b2/events HTTP/1.1\r\nHost: x\r\n\r\n";

	/** A chunk size that is not hexadecimal: the meter cannot frame the rest. */
	private static final String BROKEN_ANSWER = "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n"
			+ "zz\r\nhello\r\n0\r\n\r\n";

	private static final Map<String, String> ANSWERS = Map.of(POLL, POLL_ANSWER, SCRIPT, SCRIPT_ANSWER, BROKEN,
			BROKEN_ANSWER);

	@Test
	void theMetersSumsEqualWhatTheRelayCarriedAndAnUnframeableAnswerIsAnError() throws Exception {
		WireMeter meter = new WireMeter();
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				TcpProxy proxy = TcpProxy.start(server.getLocalPort(), meter)) {
			Thread answering = new Thread(() -> answer(server), "canned-http");
			answering.setDaemon(true);
			answering.start();

			// one keep-alive connection: a poll, a script, a poll
			try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
				exchange(client, POLL);
				exchange(client, SCRIPT);
				exchange(client, POLL);
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> proxy.open() == 0);
			long up = 2L * POLL.length() + SCRIPT.length();
			long down = 2L * POLL_ANSWER.length() + SCRIPT_ANSWER.length();
			assertThat(proxy.bytesUp()).as("relayed up").isEqualTo(up);
			assertThat(proxy.bytesDown()).as("relayed down").isEqualTo(down);
			assertSumsEqualTheRelay(meter, proxy);
			WireMeter.Totals polls = meter.totals("events b1");
			assertThat(polls.requests()).isEqualTo(2);
			assertThat(polls.bytesUp()).isEqualTo(2L * POLL.length());
			assertThat(polls.bytesDown()).isEqualTo(2L * POLL_ANSWER.length());
			assertThat(polls.headerBytesDown()).isEqualTo(2L * (POLL_ANSWER.length() - 12));
			assertThat(polls.connections()).isEqualTo(1);
			assertThat(meter.totals(WireMeter.OTHER).bytesUp()).isEqualTo(SCRIPT.length());
			assertThat(meter.totals(WireMeter.OTHER).bytesDown()).isEqualTo(SCRIPT_ANSWER.length());
			assertThat(meter.errors()).as("errors after well-formed HTTP").isZero();

			// a second connection whose answer cannot be framed
			try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
				exchange(client, BROKEN);
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> proxy.open() == 0);
			assertThat(meter.errors()).as("connections the meter could not read").isEqualTo(1);
			assertThat(proxy.bytesDown()).isEqualTo(down + BROKEN_ANSWER.length());
			assertSumsEqualTheRelay(meter, proxy);
			assertThat(meter.totals("events b2").bytesUp()).isEqualTo(BROKEN.length());
		}
	}

	private static void assertSumsEqualTheRelay(WireMeter meter, TcpProxy proxy) {
		long up = meter.all().values().stream().mapToLong(WireMeter.Totals::bytesUp).sum();
		long down = meter.all().values().stream().mapToLong(WireMeter.Totals::bytesDown).sum();
		assertThat(up).as("bytes up booked over %s", meter.all().keySet()).isEqualTo(proxy.bytesUp());
		assertThat(down).as("bytes down booked over %s", meter.all().keySet()).isEqualTo(proxy.bytesDown());
	}

	/** Sends a request and reads exactly its canned answer. */
	private static void exchange(Socket client, String request) throws IOException {
		client.setSoTimeout(5000);
		client.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		client.getOutputStream().flush();
		byte[] answer = client.getInputStream().readNBytes(ANSWERS.get(request).length());
		assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo(ANSWERS.get(request));
	}

	/** Each connection: read a request head, write its canned answer, until the end. */
	private static void answer(ServerSocket server) {
		while (!server.isClosed()) {
			try {
				Socket socket = server.accept();
				Thread connection = new Thread(() -> serve(socket), "canned-http-connection");
				connection.setDaemon(true);
				connection.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static void serve(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int b;
			while ((b = in.read()) >= 0) {
				head.write(b);
				String text = head.toString(StandardCharsets.US_ASCII);
				if (text.endsWith("\r\n\r\n")) {
					out.write(ANSWERS.get(text).getBytes(StandardCharsets.US_ASCII));
					out.flush();
					head.reset();
				}
			}
		}
		catch (IOException ex) {
			// the relay closed the connection
		}
	}

}
