package dev.transportlab.tools.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.transportlab.bench.BenchResult;
import dev.transportlab.tools.load.NoiseGuard;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's shape and its verdicts, from hand-made results (no browser needed). */
class ReportWriterTests {

	@Test
	void saysWhichTargetsMissedByHowMuchAndWhy(@TempDir Path out) throws IOException {
		ComparisonOptions options = ComparisonOptions.parse("--transports", "websocket,polling", "--rates", "100",
				"--modes", "coalesced", "--base-url", "http://127.0.0.1:1");
		Scenario websocket = new Scenario("websocket", 100, 100, "coalesced", "app", 10, 100, 0.9);
		Scenario polling = new Scenario("polling", 100, 100, "coalesced", "app", 10, 100, 0.9);
		Comparison comparison = new Comparison(Instant.parse("2026-01-02T03:04:05Z"),
				Instant.parse("2026-01-02T03:09:05Z"),
				Map.of("cpu", "Test CPU", "cores", "2", "memory", "1 GiB", "os", "Linux", "host", "h", "loadBefore",
						"0.10", "loadAfter", "0.20"),
				Map.of("java", "25"), options,
				FrameCheck.of(List.of(16.7, 16.7, 16.6, 16.8, 16.7, 16.7, 16.7, 16.7, 16.7, 16.7, 16.7), 60, 0.9),
				List.of(new ComparisonRun.Measured(websocket, result("websocket", null, 14.0, 30.0, 0)),
						new ComparisonRun.Measured(polling, result("polling", 100, 60.0, 120.0, 2))),
				List.of(), DxTable.count(Path.of(".")), DxTable.shared(Path.of(".")), Map.of());

		List<Path> files = new ReportWriter(comparison, JsonMapper.builder().build()).write(out);

		assertThat(files).extracting(path -> path.getFileName().toString())
			.containsExactly("report.md", "results.json", "results.csv", Charts.LATENCY, Charts.FPS, Charts.BYTES,
					Charts.REQUESTS);
		String report = Files.readString(out.resolve("report.md"));
		assertThat(report).contains("**Date:** 2026-01-02 03:04 UTC (took 5 min 00 s)")
			.contains(
					"| **missed** | paint latency p50 <= 12.0 ms | websocket 100/s 100 markers coalesced compression app | 14.0 ms | 2.0 ms over (17 %) |")
			.contains("| met | paint latency p99 <= 25.0 ms |".replace("met", "**missed**"))
			.contains("(paint latency p50 <= 12.0 ms; paint latency p99 <= 25.0 ms): delivery p50 1.0")
			.contains(
					"| **missed** | zero lost, zero duplicates | polling 100/s 100 markers coalesced compression app | lost 2, duplicates 0 of 1000 |")
			.contains(
					"mean FPS >= 55 and dropped frames <= 3 % for SSE and WebSocket (websocket or sse, 1000 events/s, coalesced): **not in this matrix**")
			.contains("load average 0.10 before and 0.20 after");
		assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(3);
		assertThat(comparison.targets()).filteredOn(check -> !check.met()).hasSize(3);
	}

	@Test
	void opensWithTheChoiceTableAndSaysWhatDominatesFromTheFigures(@TempDir Path out) throws IOException {
		ComparisonOptions options = ComparisonOptions.parse("--transports", "polling,websocket", "--rates", "1,1000",
				"--compression", "off");
		// polling at 1/s: 20 events, 200 requests of which 180 empty, ~800 B of headers
		// each
		ComparisonRun.Measured pollingSlow = measured("polling", 1, 20L, 20 * 1200L, new WireCost(200 * 300 + 20 * 1200,
				200 * 620, 200 * 181, 200 * 620, 200, 1, null, null, 20.0, 40_000_000L, 180L));
		// websocket at 1000/s, deflate: 6000 events of 1200 B JSON came down as 400 B
		// each
		ComparisonRun.Measured websocketFast = measured("websocket", 1000, 6000L, 6000 * 1200L, new WireCost(
				6000 * 400 + 200, 6000 * 6 + 600, 200, 600, 1, 1, "permessage-deflate", null, 6.0, 600_000_000L, null));
		ComparisonRun.Measured pollingFast = measured("polling", 1000, 6000L, 6000 * 1210L, new WireCost(
				6000L * 1215 + 60 * 181, 60 * 620, 60 * 181, 60 * 620, 60, 1, null, null, 6.0, 900_000_000L, 0L));
		ComparisonRun.Measured websocketSlow = measured("websocket", 1, 20L, 20 * 1200L,
				new WireCost(20 * 1206 + 200, 20 * 6 + 600, 200, 600, 1, 1, "none", null, 20.0, 30_000_000L, null));
		Comparison comparison = comparison(options, List.of(pollingSlow, websocketSlow, pollingFast, websocketFast));

		new ReportWriter(comparison, JsonMapper.builder().build()).write(out);

		String report = Files.readString(out.resolve("report.md"));
		assertThat(report.indexOf("## Choosing a transport")).isLessThan(report.indexOf("**Date:**"));
		// per event: (24000 + 60000 + 24000 + 124000) / 20 down and up
		assertThat(report).contains("| polling | 1 | 20 | 4200 | 6200 | 1200 | 10.0 | 2000 |");
		assertThat(report).contains(
				"**polling**: at 1/s headers are 77 % of the 10,400 B per event on the wire (10.0 requests per event, 90 % of the answers empty; the payload is 1,200 B)");
		assertThat(report).contains(
				"at 1000/s the body is 98 % of the 406 B per event, and permessage-deflate shrank the app's 1,200 B of JSON to 400 B with its framing (-67 %)");
		assertThat(report).contains("at 1/s the payload is");
		String json = Files.readString(out.resolve("results.json"));
		assertThat(json).contains("\"webSocketExtension\" : \"permessage-deflate\"",
				"\"webSocketExtension\" : \"n/a (HTTP)\"", "\"wireBytesDown\" : 4200.0", "\"payloadBytes\" : 1200.0",
				"\"serverCpuUs\" : 2000.0", "\"loadAverage\" : \"0.50, 0.40, 0.30\"");
		assertThat(Files.readAllLines(out.resolve("results.csv")).get(0)).contains("wire_bytes_down_per_event",
				"payload_bytes_per_event", "server_cpu_us_per_event", "websocket_extension", "connections",
				"load_average");
	}

	@Test
	void aScenarioWithoutFramesIsAnErrorNotZeroPercentDropped(@TempDir Path out) throws IOException {
		ComparisonOptions options = ComparisonOptions.parse("--transports", "sse", "--rates", "1000", "--base-url",
				"http://127.0.0.1:1");
		BenchResult noFrames = new BenchResult("sse", 1000, 100, 6.0, "coalesced", null, 6000L, 0L, 0L, null,
				new BenchResult.Percentiles(1.0, 1.0, 2.0, 3.0, 4.0), new BenchResult.Fps(null),
				new BenchResult.FrameTimes(null, null), null, 1_000_000L, 1L, 6000L, 0.1, 1.0, "test");
		Scenario sse = new Scenario("sse", 1000, 100, "coalesced", "app", 6, 100, 0.9);
		Comparison comparison = comparison(options,
				List.of(new ComparisonRun.Measured(sse, noFrames, null, "1.00, 1.00, 1.00", null)));

		new ReportWriter(comparison, JsonMapper.builder().build()).write(out);

		String report = Files.readString(out.resolve("report.md"));
		assertThat(report).contains("**error: no frames measured**")
			.contains("| **error** | mean FPS >= 55.0 fps |")
			.contains("| **error** | dropped frames <= 3.0 % |")
			.contains("could not be made: the figure was not measured")
			.doesNotContain("Every checked target was met");
		assertThat(comparison.targets()).filteredOn(Targets.Check::error).hasSize(3).noneMatch(Targets.Check::met);
	}

	@Test
	void aDisturbedRunSaysSoFirstAndPerScenarioAndListsWireCheckFailures(@TempDir Path out) throws IOException {
		ComparisonOptions options = ComparisonOptions.parse("--transports", "websocket,polling", "--rates", "100",
				"--base-url", "http://127.0.0.1:1");
		Scenario websocket = new Scenario("websocket", 100, 100, "coalesced", "app", 10, 100, 0.9);
		Scenario polling = new Scenario("polling", 100, 100, "coalesced", "app", 10, 100, 0.9);
		FrameCheck steady = FrameCheck.of(java.util.Collections.nCopies(100, 16.7), 60, 0.9, 6);
		// two hogs: 1.8 cores used by others
		NoiseGuard.Verdict hogs = NoiseGuard.Verdict.of(2000, 200, 10, 0.05);
		NoiseGuard.Verdict quiet = NoiseGuard.Verdict.of(202, 200, 10, 0.05);
		ComparisonRun.Measured disturbed = new ComparisonRun.Measured(websocket,
				result("websocket", null, 14.0, 30.0, 0))
			.with(new ScenarioChecks(hogs, steady, 2, null));
		ComparisonRun.Measured clean = new ComparisonRun.Measured(polling, result("polling", 100, 60.0, 120.0, 0))
			.with(new ScenarioChecks(quiet, steady, 1, "1 connection not readable as HTTP (booked as other)"));
		Comparison comparison = comparison(options, List.of(disturbed, clean));

		new ReportWriter(comparison, JsonMapper.builder().build()).write(out);

		String report = Files.readString(out.resolve("report.md"));
		assertThat(report).startsWith("# Transport comparison\n\n**Run: DISTURBED.** 1 of 2 scenarios")
			.contains("other CPU up to 180.0 % of a core")
			.contains("**Wire check failed in 1 scenarios**")
			.contains("| websocket | 100 | 100 | coalesced | app | **disturbed** | 180.0 % | 59.9 | 0 % | 2 | ok |")
			.contains("| polling | 100 | 100 | coalesced | app | clean | 0.2 % | 59.9 | 0 % | 1 | "
					+ "**1 connection not readable as HTTP (booked as other)** |")
			.contains("- **Noise guard:** disturbed");
		String json = Files.readString(out.resolve("results.json"));
		assertThat(json).contains("\"status\" : \"disturbed\"")
			.contains("\"disturbedScenarios\" : 1")
			.contains("polling 100/s 100 markers coalesced compression app: 1 connection not readable as HTTP");
	}

	@Test
	void aCleanRunSaysCleanAndWithoutProcNotChecked(@TempDir Path out) throws IOException {
		ComparisonOptions options = ComparisonOptions.parse("--transports", "polling", "--rates", "100", "--base-url",
				"http://127.0.0.1:1");
		Scenario polling = new Scenario("polling", 100, 100, "coalesced", "app", 10, 100, 0.9);
		FrameCheck steady = FrameCheck.of(java.util.Collections.nCopies(100, 16.7), 60, 0.9, 6);
		ComparisonRun.Measured quiet = new ComparisonRun.Measured(polling, result("polling", 100, 60.0, 120.0, 0))
			.with(new ScenarioChecks(NoiseGuard.Verdict.of(202, 200, 10, 0.05), steady, 1, null));
		new ReportWriter(comparison(options, List.of(quiet)), JsonMapper.builder().build()).write(out);
		assertThat(Files.readString(out.resolve("report.md"))).contains("**Run: clean.**");

		ComparisonRun.Measured unknown = quiet
			.with(new ScenarioChecks(NoiseGuard.Verdict.notChecked(0.05), steady, 1, null));
		new ReportWriter(comparison(options, List.of(unknown)), JsonMapper.builder().build()).write(out);
		assertThat(Files.readString(out.resolve("report.md"))).contains("**Run: not checked.**")
			.doesNotContain("**Run: clean.**");
	}

	@Test
	void longFramesUnderWorkMarkAScenarioDisturbedEvenWhenTheRateHolds() {
		List<Double> deltas = new java.util.ArrayList<>(java.util.Collections.nCopies(80, 16.7));
		deltas.addAll(java.util.Collections.nCopies(20, 33.4));
		FrameCheck busy = FrameCheck.of(deltas, 60, 0.5, 6);
		assertThat(busy.passed()).isTrue();
		assertThat(busy.longFrameShare()).isEqualTo(0.2);
		ScenarioChecks checks = new ScenarioChecks(NoiseGuard.Verdict.of(202, 200, 10, 0.05), busy, 1, null);
		assertThat(checks.status()).isEqualTo(NoiseGuard.DISTURBED);
		assertThat(checks.why()).isEqualTo("20 % long frames");
	}

	private static Comparison comparison(ComparisonOptions options, List<ComparisonRun.Measured> measured) {
		return new Comparison(Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:09:05Z"),
				Map.of("cpu", "Test CPU", "cores", "2", "memory", "1 GiB", "os", "Linux", "host", "h", "loadBefore",
						"0.10", "loadAfter", "0.20"),
				Map.of("java", "25"), options, FrameCheck.of(java.util.Collections.nCopies(20, 16.7), 60, 0.9),
				measured, List.of(), DxTable.count(Path.of(".")), DxTable.shared(Path.of(".")), Map.of("off", 2.5));
	}

	private static ComparisonRun.Measured measured(String transport, int rate, long events, long payloadBytes,
			WireCost wire) {
		BenchResult r = new BenchResult(transport, rate, 100, rate == 1 ? 20.0 : 6.0, "coalesced",
				transport.equals("polling") ? 100 : null, events, 0L, 0L,
				new BenchResult.Percentiles(20.0, 18.0, 30.0, 40.0, 45.0),
				new BenchResult.Percentiles(8.0, 7.0, 12.0, 15.0, 16.0), new BenchResult.Fps(60.0),
				new BenchResult.FrameTimes(16.7, 17.0), 0.0, payloadBytes, wire.requests(), events, 0.1, 1.0, "test");
		return new ComparisonRun.Measured(new Scenario(transport, rate, 100, "coalesced", "off", 6, 100, 0.9), r, wire,
				"0.50, 0.40, 0.30", null);
	}

	private static BenchResult result(String transport, Integer intervalMs, double paintP50, double paintP99,
			long lost) {
		return new BenchResult(transport, 100, 100, 10.0, "coalesced", intervalMs, 1000L, lost, 0L,
				new BenchResult.Percentiles(paintP50, paintP50, paintP99, paintP99, paintP99 + 5),
				new BenchResult.Percentiles(intervalMs == null ? 1.0 : 51.0, intervalMs == null ? 1.0 : 50.0,
						intervalMs == null ? 2.0 : 95.0, intervalMs == null ? 3.0 : 99.0, 10.0),
				new BenchResult.Fps(59.9), new BenchResult.FrameTimes(16.7, 17.0), 0.5, 1_800_000L,
				intervalMs == null ? 1L : 100L, 1000L, 0.1, 1.0, "test");
	}

}
