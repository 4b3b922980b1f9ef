package dev.transportlab;

import java.io.IOException;
import java.net.ServerSocket;
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
 * the script itself is run here against the real app: healthy on a running app, unhealthy
 * where nothing answers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DockerHealthcheckTests {

	private static final Path SCRIPT = Path.of("docker/healthcheck.sh");

	@LocalServerPort
	int port;

	@Test
	void healthyWhenActuatorHealthAnswers200() throws Exception {
		assertThat(Files.isExecutable(SCRIPT)).as(SCRIPT + " is executable (the Dockerfile copies it as is)").isTrue();
		assertThat(runProbe(this.port).exitCode()).isZero();
	}

	@Test
	void unhealthyWhenNothingListens() throws Exception {
		int unused;
		try (ServerSocket socket = new ServerSocket(0)) {
			unused = socket.getLocalPort();
		}
		Result result = runProbe(unused);
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("refused");
	}

	private static Result runProbe(int port) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
		builder.environment().put("PORT", Integer.toString(port));
		Process process = builder.start();
		assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("probe finished").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
