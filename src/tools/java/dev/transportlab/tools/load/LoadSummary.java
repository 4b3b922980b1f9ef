package dev.transportlab.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rewrites the side-by-side table of docs/results/load.md from the raw results committed
 * beside it: every {@code results.json} under docs/results/load/, one row per server run,
 * linked to its report. The prose around the table stays hand-written. Run it with
 * {@code mvn -Ptool verify -Dtool=load.LoadSummary} after copying a load run's --out folder
 * into docs/results/load/NAME/.
 */
public final class LoadSummary {

	static final String START = "<!-- load-table:start (written by tools/load/LoadSummary) -->";

	static final String END = "<!-- load-table:end -->";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private LoadSummary() {
	}

	public static void main(String[] args) throws IOException {
		Path results = Path.of((args.length > 0) ? args[0] : "docs/results/load");
		Path page = Path.of((args.length > 1) ? args[1] : "docs/results/load.md");
		String text = Files.readString(page);
		int start = text.indexOf(START);
		int end = text.indexOf(END);
		if (start < 0 || end < start) {
			System.err.println("load-summary: " + page + " has no " + START + " ... " + END + " block");
			System.exit(2);
		}
		List<Row> rows = rows(results);
		String table = table(rows, page.getParent().relativize(results));
		Files.writeString(page, text.substring(0, start + START.length()) + "\n" + table + text.substring(end));
		System.out.println("load-summary: " + rows.size() + " rows from " + results + " into " + page);
	}

	/** One server's run in one scenario folder. */
	record Row(String folder, boolean clientsOfferDeflate, JsonNode result) {

		int clients() {
			return this.result.path("clients").asInt();
		}

		String transport() {
			return this.result.path("transport").asString();
		}

		String server() {
			return this.result.path("server").asString();
		}

	}

	static List<Row> rows(Path results) throws IOException {
		List<Row> rows = new ArrayList<>();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(results, 2)) {
			files = walk.filter(p -> p.getFileName().toString().equals("results.json")).sorted().toList();
		}
		for (Path file : files) {
			JsonNode json = JSON.readTree(file.toFile());
			// browser-like clients are the default; the command line says when they were not
			boolean deflate = !json.path("run").path("command").asString().matches(".*--ws-deflate[ =]off.*");
			String folder = results.relativize(file.getParent()).toString();
			json.path("results").forEach(r -> rows.add(new Row(folder, deflate, r)));
		}
		List<String> servers = List.of("transport-lab", "nchan", "node");
		rows.sort(Comparator.comparingInt(Row::clients)
			.thenComparing(Row::transport)
			.thenComparing(Row::clientsOfferDeflate)
			.thenComparing(Row::folder)
			.thenComparingInt(r -> servers.indexOf(r.server())));
		return rows;
	}

	static String table(List<Row> rows, Path link) {
		StringBuilder md = new StringBuilder();
		md.append("| clients | transport | clients offer deflate | server | extension negotiated | connected | errors ")
			.append("| p50 ms | p99 ms | p99.9 ms | lost | dup | server CPU µs/msg | writes/msg | RSS MB ")
			.append("| heap/conn KB | load average before → after | raw |\n");
		md.append("|---:|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
		for (Row row : rows) {
			JsonNode r = row.result();
			JsonNode latency = r.path("latencyMs");
			JsonNode cost = r.path("cost");
			boolean webSocket = row.transport().equals("websocket");
			String extension = r.path("webSocketExtensions").asString();
			JsonNode heap = r.path("memory").path("heapBytesPerConnection");
			md.append(String.format(Locale.ROOT,
					"| %,d | %s | %s | %s | %s | %,d | %,d | %.1f | %.1f | %.1f | %d | %d | %.1f | %.2f | %.0f | %s | %s → %s | [%s](%s/%s/report.md) |%n",
					row.clients(), row.transport(), webSocket ? (row.clientsOfferDeflate() ? "yes" : "no") : "-",
					row.server(), extension.isEmpty() ? "-" : extension.replace("permessage-deflate", "deflate"),
					r.path("connectedAfterRampUp").asInt(), r.path("errors").asLong(), latency.path("p50").asDouble(),
					latency.path("p99").asDouble(), latency.path("p999").asDouble(), r.path("lost").asLong(),
					r.path("duplicates").asLong(), cost.path("cpuMicrosPerMessage").asDouble(),
					cost.path("writesPerMessage").asDouble(), cost.path("rssMb").asDouble(),
					heap.isNumber() ? String.format(Locale.ROOT, "%.0f", heap.asDouble() / 1024) : "-",
					r.path("loadAverageBefore").asString(), r.path("loadAverageAfter").asString(), row.folder(),
					link.toString().replace('\\', '/'), row.folder()));
		}
		return md.toString();
	}

}
