package dev.transportlab.tools.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.transportlab.tools.client.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's own books: what it relayed against what WireMeter booked, and parse errors.
 */
class WireCheckTests {

	@Test
	void balancedBooksAreNoProblem() {
		WireCheck before = new WireCheck(100, 1000, 100, 1000, 0, true);
		WireCheck after = new WireCheck(600, 9000, 600, 9000, 0, true);
		assertThat(WireCheck.problem(before, after)).isNull();
	}

	@Test
	void parseErrorsAndUnbookedBytesAreSaid() {
		WireCheck before = new WireCheck(100, 1000, 100, 1000, 2, true);
		WireCheck after = new WireCheck(600, 9000, 600, 8000, 3, true);
		assertThat(WireCheck.problem(before, after)).isEqualTo(
				"1 connection not readable as HTTP (booked as other); relay forwarded 8,500 B, the meter booked 7,500 B");
	}

	@Test
	void aRealRelayBalancesForHttpAndSaysSoWhenTheFramingIsBroken() throws Exception {
		try (ServerSocket server = new ServerSocket(0)) {
			Thread answering = new Thread(() -> answer(server));
			answering.setDaemon(true);
			answering.start();
			WireMeter meter = new WireMeter();
			try (TcpProxy relay = TcpProxy.start(server.getLocalPort(), meter)) {
				WireCheck before = WireCheck.take(relay, meter);
				exchange(relay.port(), "GET /api/feeds/f1/events?after=0 HTTP/1.1\r\nHost: x\r\n\r\n");
				WireCheck afterHttp = WireCheck.take(relay, meter);
				assertThat(WireCheck.problem(before, afterHttp)).isNull();
				assertThat(afterHttp.relayUp()).isPositive();

				// a chunk size that is no hexadecimal number: the meter cannot frame the
				// rest
				exchange(relay.port(),
						"POST /api/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nrest\r\n");
				assertThat(WireCheck.problem(afterHttp, WireCheck.take(relay, meter)))
					.startsWith("1 connection not readable as HTTP");
			}
		}
	}

	private static void exchange(int port, String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			socket.setSoTimeout(5000);
			socket.getInputStream().read(new byte[4096]);
		}
	}

	private static void answer(ServerSocket server) {
		while (!server.isClosed()) {
			try (Socket socket = server.accept()) {
				InputStream in = socket.getInputStream();
				in.read(new byte[4096]);
				OutputStream out = socket.getOutputStream();
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]".getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				Thread.sleep(100);
			}
			catch (IOException | InterruptedException ex) {
				return;
			}
		}
	}

}
