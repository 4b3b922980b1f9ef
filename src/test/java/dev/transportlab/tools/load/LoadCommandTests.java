package dev.transportlab.tools.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load command, small: 200 real clients per transport over loopback for a few seconds
 * against the app on a random port. Nothing may be lost or duplicated, every client must
 * be connected and hearing events, and the report must be complete.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoadCommandTests {

	@LocalServerPort
	int port;

	@Test
	void smallLoadOnEveryTransportLosesNothingAndWritesACompleteReport() throws Exception {
		Path out = Path.of("target", "load-test");
		LoadOptions options = LoadOptions.parse("--transport", "all", "--clients", "200", "--ramp-up", "1",
				"--duration", "3", "--rate", "10", "--markers", "10", "--poll-interval", "500", "--long-poll-wait", "5",
				"--base-url", "http://127.0.0.1:" + this.port, "--out", out.toString(), "--ws-deflate", "on", "--quiet",
				"true");
		ByteArrayOutputStream console = new ByteArrayOutputStream();

		List<TransportResult> results = LoadCommand.run(options,
				new PrintStream(console, true, StandardCharsets.UTF_8));

		assertThat(results).extracting(TransportResult::transport)
			.containsExactly("sse", "fetch", "websocket", "long-polling", "polling");
		for (TransportResult result : results) {
			String what = result.transport() + ": " + result;
			assertThat(result.connectedAfterRampUp()).as(what).isEqualTo(200);
			assertThat(result.lost()).as(what).isZero();
			assertThat(result.duplicates()).as(what).isZero();
			assertThat(result.gaps()).as(what).isZero();
			assertThat(result.silentClients()).as(what).isZero();
			// 200 clients x 10 events/s for ~3 s; allow for a loaded machine, but most
			// must arrive
			assertThat(result.receivedMeasured()).as(what).isGreaterThan((long) (200 * 10 * 3 * 0.5));
			assertThat(result.latencyMs().count()).as(what).isEqualTo(result.receivedMeasured());
			assertThat(result.latencyMs().p99()).as(what).isPositive();
			assertThat(result.timeline()).as(what).isNotEmpty();
			assertThat(result.actuator().connectionsMax()).as(what).isGreaterThan(0);
			assertThat(result.deliveredShare()).as(what).isBetween(0.5, 1.2);
			assertThat(result.publisherRate()).as("this project's feed makes its own events").isNaN();
			// CI may be busy: the guard gives a verdict either way, never "clean" without
			// /proc
			assertThat(result.noise().status()).as(what)
				.isIn(Files.isReadable(Path.of("/proc/stat")) ? List.of(NoiseGuard.CLEAN, NoiseGuard.DISTURBED)
						: List.of(NoiseGuard.NOT_CHECKED));
			assertThat(result.bottleneck().why()).as(what).startsWith("delivered ");
		}
		assertThat(results.get(3).requests()).as("long polling counts its requests").isPositive();
		assertThat(results.get(2).webSocketExtensions())
			.as("browser-like clients offer deflate; the server agrees it without context by default")
			.isEqualTo("permessage-deflate; server_no_context_takeover");
		assertThat(results.get(4).requestsPerSecond()).as("200 short pollers at 2/s").isBetween(150.0, 450.0);

		JsonNode json = JsonMapper.builder().build().readTree(out.resolve("results.json").toFile());
		assertThat(json.path("results")).hasSize(5);
		assertThat(json.path("run").path("nproc").asInt()).isPositive();
		String report = Files.readString(out.resolve("report.md"));
		assertThat(report).contains("| silent | delivered |", "| checks |", "- checks: ");
		for (String section : List.of("## sse on transport-lab", "## fetch on transport-lab",
				"## websocket on transport-lab (deflate)\n", "## long-polling on transport-lab",
				"## polling on transport-lab", "p99", "## Charts")) {
			assertThat(report).contains(section);
		}
		for (String chart : List.of("latency-summary.png", "cpu-per-message.png", "messages-per-second.png",
				"latency-percentiles.png", "server-cpu.png", "server-rss.png")) {
			assertThat(out.resolve(chart)).isNotEmptyFile();
			assertThat(report).contains("](" + chart + ")");
		}
		assertThat(console.toString(StandardCharsets.UTF_8)).contains("Report: ");
	}

}
