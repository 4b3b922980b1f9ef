package dev.transportlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's HEALTHCHECK runs docker/healthcheck.sh; there is no Docker engine in CI, so
 * the script itself is run here: healthy on the running app, and unhealthy with a reason
 * (exit 1, Docker's "unhealthy") where nothing listens, where the app answers non-200,
 * and where a port accepts connections but never answers (Docker would kill the probe at
 * its timeout and record nothing, so the script must give up first).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DockerHealthcheckTests {

	private static final Path SCRIPT = Path.of("docker/healthcheck.sh");

	@LocalServerPort
	int port;

	@Test
	void healthyWhenActuatorHealthAnswers200() throws Exception {
		assertThat(Files.isExecutable(SCRIPT)).as(SCRIPT + " is executable (the Dockerfile copies it as is)").isTrue();
		Result result = runProbe(this.port, 4);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).isEmpty();
	}

	@Test
	void unhealthyWhenNothingListens() throws Exception {
		int unused;
		try (ServerSocket socket = new ServerSocket(0)) {
			unused = socket.getLocalPort();
		}
		Result result = runProbe(unused, 4);
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).startsWith("unhealthy: ").contains("refused");
	}

	@Test
	void unhealthyWithTheStatusLineWhenTheAnswerIsNot200() throws Exception {
		try (ServerSocket server = new ServerSocket(0)) {
			Thread answerer = new Thread(() -> {
				try (Socket client = server.accept()) {
					readRequestHead(client.getInputStream());
					OutputStream out = client.getOutputStream();
					out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
						.getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				catch (IOException ex) {
					// the probe went away: its result says what happened
				}
			});
			answerer.start();
			Result result = runProbe(server.getLocalPort(), 4);
			answerer.join(5000);
			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.output()).startsWith("unhealthy: ").contains("HTTP/1.1 503 Service Unavailable");
		}
	}

	@Test
	void unhealthyWithinItsTimeoutWhenAConnectionIsAcceptedButNeverAnswered() throws Exception {
		// The kernel completes the handshake for a listening socket (backlog), like a JVM
		// that is stuck: the connection opens, no answer ever comes.
		try (ServerSocket stuck = new ServerSocket(0)) {
			long start = System.nanoTime();
			Result result = runProbe(stuck.getLocalPort(), 2);
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.output()).startsWith("unhealthy: ").contains("no HTTP answer within 2s");
			assertThat(millis).as("gave up after its own timeout, before Docker's 5 s").isBetween(1900L, 4500L);
		}
	}

	private static void readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		int next;
		while (matched < end.length && (next = in.read()) != -1) {
			matched = (next == end[matched]) ? matched + 1 : (next == '\r' ? 1 : 0);
		}
	}

	private static Result runProbe(int port, int timeoutSeconds) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
		builder.environment().put("PORT", Integer.toString(port));
		builder.environment().put("HEALTHCHECK_TIMEOUT", Integer.toString(timeoutSeconds));
		Process process = builder.start();
		assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("probe finished").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
