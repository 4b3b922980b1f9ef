package dev.transportlab.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * load.md's table from committed results.json files: the delivered share, silent clients
 * and the marks, also for results written before those fields existed, and --repeat's
 * runs as one row with median (min–max).
 */
class LoadSummaryTests {

	@Test
	void anOldResultWithSilentClientsClaimsNoZeroLostAndIsMarked(@TempDir Path dir) throws IOException {
		// the shape of a committed 10,000-client WebSocket run: 78 % delivered, 4,623
		// silent, generator at its core
		write(dir.resolve("ws-10000"), "--transport websocket --clients 10000", "1", "0", """
				{"transport": "websocket", "server": "transport-lab", "clients": 10000, "rate": 10,
				 "webSocketExtensions": "none", "connectedAfterRampUp": 10000, "measuredSeconds": 30.0,
				 "receivedMeasured": 2340000, "expectedMessagesPerSecond": 100000.0, "silentClients": 4623,
				 "lost": 0, "duplicates": 0, "errors": 0, "clientCpuCoresMean": 0.98,
				 "latencyMs": {"p50": 5.0, "p99": 40.0, "p999": 90.0},
				 "cost": {"cpuMicrosPerMessage": 12.0, "writesPerMessage": 1.0, "rssMb": 700, "cpuCores": 0.5},
				 "memory": {}, "loadAverageBefore": "1.00", "loadAverageAfter": "2.00"}
				""");

		String table = LoadSummary.table(LoadSummary.rows(dir), Path.of("load"));

		assertThat(table).contains("| 4,623 | 78.0 % | - (own feed) |")
			.contains("| 0 (of 78.0 % delivered) |")
			.contains("| **generator-bound**, not checked |")
			// JIT and bytes per message were not recorded then
			.contains("| 12.0 | - | 1.00 | - | 700 |")
			.doesNotContain("| 0 | 0 |");
	}

	@Test
	void anOldPeerRowShortOfMessagesWithTheServerCoreToSpareNamesNoSide(@TempDir Path dir) throws IOException {
		// Node at 5,000 SSE clients: 76.8 % delivered, its core not used up, the
		// publisher's rate not recorded
		write(dir.resolve("sse-5000"), "--transport sse --clients 5000 --peer node", "0", "1", """
				{"transport": "sse", "server": "node", "clients": 5000, "rate": 10, "webSocketExtensions": "",
				 "connectedAfterRampUp": 5000, "measuredSeconds": 30.0, "receivedMeasured": 1152000,
				 "expectedMessagesPerSecond": 50000.0, "silentClients": 0, "lost": 0, "duplicates": 0, "errors": 0,
				 "clientCpuCoresMean": 0.7, "latencyMs": {"p50": 177.7, "p99": 664.6, "p999": 842.8},
				 "cost": {"cpuMicrosPerMessage": 13.1, "writesPerMessage": 1.0, "rssMb": 136, "cpuCores": 0.5},
				 "memory": {}, "loadAverageBefore": "1.00", "loadAverageAfter": "2.00"}
				""");
		String table = LoadSummary.table(LoadSummary.rows(dir), Path.of("load"));
		assertThat(table).contains("| **" + LoadSummary.UNATTRIBUTED + "**, not checked |")
			.contains("| not recorded |")
			.contains("| 0 (of 76.8 % delivered) |");
	}

	@Test
	void theJitCompilersShareOfTheServerCpuHasItsOwnColumn(@TempDir Path dir) throws IOException {
		write(dir.resolve("sse-2000"), "--transport sse --clients 2000", "1", "0", """
				{"transport": "sse", "server": "transport-lab", "clients": 2000, "rate": 10, "webSocketExtensions": "",
				 "connectedAfterRampUp": 2000, "measuredSeconds": 30.0, "receivedMeasured": 600000,
				 "expectedMessagesPerSecond": 20000.0, "silentClients": 0, "lost": 0, "duplicates": 0, "errors": 0,
				 "clientCpuCoresMean": 0.5, "latencyMs": {"p50": 30.0, "p99": 70.0, "p999": 90.0},
				 "cost": {"cpuMicrosPerMessage": 19.8, "jitMicrosPerMessage": 4.25, "writesPerMessage": 1.01,
				          "bytesPerMessage": 500, "rssMb": 450, "cpuCores": 0.4},
				 "memory": {}, "loadAverageBefore": "1.00", "loadAverageAfter": "2.00"}
				""");

		assertThat(LoadSummary.table(LoadSummary.rows(dir), Path.of("load"))).contains("| 19.8 | 4.3 | 1.01 | 500 |");
	}

	@Test
	void anAlsoJarBuildIsThisProjectNotAPeer(@TempDir Path dir) throws IOException {
		// a run with --also-jar names the second build transport-lab-NAME; it publishes
		// its own feed like transport-lab, so it has no publisher rate and is no peer
		String row = """
				{"transport": "sse", "server": "%s", "clients": 5000, "rate": 10, "webSocketExtensions": "",
				 "connectedAfterRampUp": 5000, "measuredSeconds": 30.0, "receivedMeasured": 1152000,
				 "expectedMessagesPerSecond": 50000.0, "silentClients": 0, "lost": 0, "duplicates": 0, "errors": 0,
				 "clientCpuCoresMean": 0.7, "latencyMs": {"p50": 177.7, "p99": 664.6, "p999": 842.8},
				 "cost": {"cpuMicrosPerMessage": 13.1, "writesPerMessage": 1.0, "rssMb": 136, "cpuCores": 0.5},
				 "memory": {}, "loadAverageBefore": "1.00", "loadAverageAfter": "2.00"}
				""";
		write(dir.resolve("sse-5000"), "--transport sse --clients 5000 --peer node --also-jar a7d9ad3.jar", "0", "1",
				row.formatted("node") + "," + row.formatted("transport-lab-a7d9ad3") + ","
						+ row.formatted("transport-lab"));

		List<String> lines = LoadSummary.table(LoadSummary.rows(dir), Path.of("load")).lines().skip(2).toList();

		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).contains("| transport-lab |");
		assertThat(lines.get(1)).contains("| transport-lab-a7d9ad3 |")
			.contains("| - (own feed) |")
			.contains("| **" + Bottleneck.SERVER + "**, not checked |");
		assertThat(lines.get(2)).contains("| node |")
			.contains("| not recorded |")
			.contains("| **" + LoadSummary.UNATTRIBUTED + "**, not checked |");
	}

	@Test
	void repeatedRunsBecomeOneRowWithMedianAndRangeAndAWideSpreadIsFlagged(@TempDir Path dir) throws IOException {
		StringBuilder results = new StringBuilder();
		double[] micros = { 17.6, 39.6, 43.9 };
		for (int i = 0; i < 3; i++) {
			results.append(i == 0 ? "" : ",").append("""
					{"transport": "websocket", "server": "transport-lab", "repeat": %d, "clients": 2000, "rate": 10,
					 "webSocketExtensions": "none", "connectedAfterRampUp": 2000, "measuredSeconds": 30.0,
					 "receivedMeasured": 600000, "expectedMessagesPerSecond": 20000.0, "deliveredShare": 1.0,
					 "silentClients": 0, "lost": 0, "duplicates": 0, "errors": 0, "clientCpuCoresMean": 0.3,
					 "publisherRate": "NaN", "noise": {"status": "clean"}, "bottleneck": {"mark": "", "why": ""},
					 "latencyMs": {"p50": 2.0, "p99": 10.0, "p999": 20.0},
					 "cost": {"cpuMicrosPerMessage": %s, "writesPerMessage": 1.0, "rssMb": 500, "cpuCores": 0.5,
					          "bytesPerMessage": 1912.4},
					 "memory": {}, "loadAverageBefore": "0.10", "loadAverageAfter": "0.20"}
					""".formatted(i + 1, micros[i]));
		}
		write(dir.resolve("ws-2000"), "--transport websocket --clients 2000 --repeat 3", "0", "1", results.toString());

		List<LoadSummary.Row> rows = LoadSummary.rows(dir);
		String table = LoadSummary.table(rows, Path.of("load"));

		assertThat(rows).hasSize(3);
		assertThat(table.lines()).hasSize(3);
		assertThat(table).contains("| transport-lab | 3 |")
			.contains("| 39.6 (17.6–43.9) ⚠ |")
			.contains("| 100.0 % |")
			.contains("| 1.00 | 1,912 | 500 |")
			.contains("| 0 | 0 |")
			.contains("| ok |");
	}

	private static void write(Path folder, String command, String serverCpus, String clientCpus, String results)
			throws IOException {
		Files.createDirectories(folder);
		Files.writeString(folder.resolve("results.json"), """
				{"run": {"command": "%s", "nproc": 2, "serverCpus": "%s", "clientCpus": "%s"},
				 "results": [%s]}
				""".formatted(command, serverCpus, clientCpus, results));
	}

}
