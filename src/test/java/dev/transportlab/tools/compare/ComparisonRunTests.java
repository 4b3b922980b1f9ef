package dev.transportlab.tools.compare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.transportlab.tools.client.Browser;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison command on a tiny matrix: every transport, one short scenario each,
 * every report file.
 */
// finished scenarios' feeds vanish soon, so the suite's other benchmark feeds never make
// the page wait
// (the same properties in both browser classes of the benchmark: they share one context)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lab.limits.bench-feed-idle-timeout=5s")
class ComparisonRunTests {

	@LocalServerPort
	int port;

	@Test
	void tinyMatrixProducesEveryReportFile(@TempDir Path out) throws IOException, InterruptedException {
		Browser.assumeAvailable();
		ByteArrayOutputStream console = new ByteArrayOutputStream();
		ComparisonOptions options = ComparisonOptions.parse("--base-url", "http://127.0.0.1:" + this.port,
				"--transports", "polling,long-polling,websocket,sse", "--rates", "20", "--markers", "10", "--modes",
				"coalesced", "--duration", "2", "--warmup", "0", "--out", out.toString(), "--sources", ".",
				// the app runs in this JVM: its CPU time is this process's
				"--server-pid", Long.toString(ProcessHandle.current().pid()),
				// the suite runs on busy CI machines: check the contract, not how quiet
				// the machine is
				"--raf-min", "0.5");
		Comparison comparison;
		try (PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8)) {
			comparison = new ComparisonRun(options, new TeePrintStream(print)).run();
		}
		String printed = console.toString(StandardCharsets.UTF_8);

		assertThat(comparison.failures()).isEmpty();
		assertThat(comparison.measured()).hasSize(4);
		assertThat(printed).contains("rAF check:", "[1/4] polling", "[4/4] sse", "report.md", "Relay:");
		for (String file : List.of(ReportWriter.REPORT, ReportWriter.JSON, ReportWriter.CSV)) {
			assertThat(out.resolve(file)).isNotEmptyFile();
		}
		for (String chart : List.of(Charts.LATENCY, Charts.FPS, Charts.BYTES, Charts.REQUESTS)) {
			byte[] png = Files.readAllBytes(out.resolve(chart));
			assertThat(png).hasSizeGreaterThan(2000);
			assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
		}
		assertThat(Files.readAllLines(out.resolve(ReportWriter.CSV))).hasSize(5)
			.first()
			.asString()
			.startsWith("transport,rate,markers,mode");
		String report = Files.readString(out.resolve(ReportWriter.REPORT));
		assertThat(report).contains("**Date:**", "**Machine:**", "**Versions:**", "## Method", "## Targets",
				"## Latency (ms)", "## Developer experience", "| sse | 20 | 10 | coalesced | app |",
				"## Choosing a transport", "## Wire", "latency-percentiles.png");
		assertThat(comparison.targets()).filteredOn(check -> check.target().startsWith("zero lost"))
			.hasSize(4)
			.allMatch(Targets.Check::met);
		assertThat(comparison.measured()).allSatisfy(m -> {
			assertThat(m.result().latencyMs().p50()).isPositive();
			assertThat(m.result().fps().mean()).isPositive();
			assertThat(m.result().bytes()).isPositive();
			// the relay saw the transport's own traffic: more than the app's body bytes,
			// unless the WebSocket agreed permessage-deflate (Chromium offers it)
			if (m.wire().extension() != null && m.wire().extension().contains("deflate")) {
				assertThat(m.wire().bytesDown()).isLessThan(m.result().bytes());
			}
			else {
				assertThat(m.wire().bytesDown()).isGreaterThan(m.result().bytes());
			}
			assertThat(m.wire().bytesUp()).isPositive();
			assertThat(m.wire().requests()).isPositive();
			assertThat(m.wire().connections()).isPositive();
			assertThat(m.wire().serverCpuNs()).isPositive();
			assertThat(m.loadAverage()).isNotBlank();
		});
		ComparisonRun.Measured websocket = comparison.measured()
			.stream()
			.filter(m -> m.scenario().transport().equals("websocket"))
			.findFirst()
			.orElseThrow();
		assertThat(websocket.wire().requests()).isEqualTo(1);
		assertThat(websocket.wire().extension()).isNotNull();
		assertThat(Files.readString(out.resolve(ReportWriter.JSON))).contains("\"scenarios\"", "\"dx\"",
				"\"rafCheck\"");
	}

	/** Shows the run's progress in the test log too. */
	private static final class TeePrintStream extends PrintStream {

		TeePrintStream(PrintStream captured) {
			super(new java.io.OutputStream() {
				@Override
				public void write(int b) {
					captured.write(b);
					System.out.write(b);
				}

				@Override
				public void write(byte[] b, int off, int len) {
					captured.write(b, off, len);
					System.out.write(b, off, len);
				}
			}, true, StandardCharsets.UTF_8);
		}

	}

}
