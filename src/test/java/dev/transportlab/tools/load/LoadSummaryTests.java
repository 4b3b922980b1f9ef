package dev.transportlab.tools.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LoadSummary's table from raw results: one row per server run, ordered by clients,
 * transport, deflate offered, folder and server (this project first), each linked to its
 * report.
 */
class LoadSummaryTests {

	@TempDir
	Path dir;

	@Test
	void rowsAreOrderedAndTheTableLinksEachReport() throws Exception {
		write("b-ws", "--transport websocket --ws-deflate off",
				result(5000, "websocket", "node", 12.5) + "," + result(5000, "websocket", "transport-lab", 3.4));
		write("a-sse", "--transport sse",
				result(2000, "sse", "nchan", 1.0) + "," + result(2000, "sse", "transport-lab", 2.0));
		List<LoadSummary.Row> rows = LoadSummary.rows(this.dir);
		assertThat(rows).extracting(r -> r.clients() + " " + r.transport() + " " + r.server())
			.containsExactly("2000 sse transport-lab", "2000 sse nchan", "5000 websocket transport-lab",
					"5000 websocket node");
		assertThat(rows.get(2).clientsOfferDeflate()).isFalse();
		assertThat(rows.get(0).clientsOfferDeflate()).isTrue();
		String table = LoadSummary.table(rows, Path.of("load"));
		List<String> lines = table.lines().toList();
		assertThat(lines).hasSize(2 + 4);
		assertThat(lines.get(2)).startsWith("| 2,000 | sse | - | transport-lab | - | 2,000 | 0 | 2.0 |")
			.endsWith("| [a-sse](load/a-sse/report.md) |");
		assertThat(lines.get(4)).startsWith("| 5,000 | websocket | no | transport-lab | - | 5,000 | 0 | 3.4 |");
	}

	private static String result(int clients, String transport, String server, double p50) {
		return String.format(java.util.Locale.ROOT,
				"{\"clients\":%d,\"transport\":\"%s\",\"server\":\"%s\",\"connectedAfterRampUp\":%d,\"errors\":0,"
						+ "\"latencyMs\":{\"p50\":%s,\"p99\":9,\"p999\":10},\"lost\":0,\"duplicates\":0,"
						+ "\"cost\":{\"cpuMicrosPerMessage\":20,\"writesPerMessage\":1,\"rssMb\":300},"
						+ "\"loadAverageBefore\":\"0.1\",\"loadAverageAfter\":\"1.0\"}",
				clients, transport, server, clients, p50);
	}

	private void write(String folder, String command, String results) throws Exception {
		Path file = this.dir.resolve(folder).resolve("results.json");
		Files.createDirectories(file.getParent());
		Files.writeString(file, "{\"run\":{\"command\":\"load " + command + "\"},\"results\":[" + results + "]}");
	}

}
