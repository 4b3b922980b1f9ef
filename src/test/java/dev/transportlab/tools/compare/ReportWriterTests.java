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

import static org.assertj.core.api.Assertions.assertThat;

/** The report's shape and its verdicts, from hand-made results (no browser needed). */
class ReportWriterTests {

	@Test
	void saysWhichTargetsMissedByHowMuchAndWhy(@TempDir Path out) throws IOException {
		ComparisonOptions options = ComparisonOptions.parse("--transports", "websocket,polling", "--rates", "100",
				"--modes", "coalesced");
		Scenario websocket = new Scenario("websocket", 100, 100, "coalesced", 10, 100, 0.9);
		Scenario polling = new Scenario("polling", 100, 100, "coalesced", 10, 100, 0.9);
		Comparison comparison = new Comparison(Instant.parse("2026-01-02T03:04:05Z"),
				Instant.parse("2026-01-02T03:09:05Z"),
				Map.of("cpu", "Test CPU", "cores", "2", "memory", "1 GiB", "os", "Linux", "host", "h", "loadBefore",
						"0.10", "loadAfter", "0.20"),
				Map.of("java", "25"), options,
				ComparisonRun.FrameCheck.of(List.of(16.7, 16.7, 16.6, 16.8, 16.7, 16.7, 16.7, 16.7, 16.7, 16.7, 16.7),
						60, 0.9),
				List.of(new ComparisonRun.Measured(websocket, result("websocket", null, 14.0, 30.0, 0)),
						new ComparisonRun.Measured(polling, result("polling", 100, 60.0, 120.0, 2))),
				List.of(), DxTable.count(Path.of(".")), DxTable.shared(Path.of(".")));

		List<Path> files = new ReportWriter(comparison, JsonMapper.builder().build()).write(out);

		assertThat(files).extracting(path -> path.getFileName().toString())
			.containsExactly("report.md", "results.json", "results.csv", Charts.LATENCY, Charts.FPS, Charts.BYTES,
					Charts.REQUESTS);
		String report = Files.readString(out.resolve("report.md"));
		assertThat(report).contains("**Date:** 2026-01-02 03:04 UTC (took 5 min 00 s)")
			.contains(
					"| **missed** | paint latency p50 <= 12.0 ms | websocket 100/s 100 markers coalesced | 14.0 ms | 2.0 ms over (17 %) |")
			.contains("| met | paint latency p99 <= 25.0 ms |".replace("met", "**missed**"))
			.contains("(paint latency p50 <= 12.0 ms; paint latency p99 <= 25.0 ms): delivery p50 1.0")
			.contains(
					"| **missed** | zero lost, zero duplicates | polling 100/s 100 markers coalesced | lost 2, duplicates 0 of 1000 |")
			.contains(
					"mean FPS >= 55 and dropped frames <= 3 % for SSE and WebSocket (websocket or sse, 1000 events/s, coalesced): **not in this matrix**")
			.contains("load average 0.10 before and 0.20 after");
		assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(3);
		assertThat(comparison.targets()).filteredOn(check -> !check.met()).hasSize(3);
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
