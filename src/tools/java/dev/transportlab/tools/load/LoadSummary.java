package dev.transportlab.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

	/** An old peer row short of 99 % whose publisher's rate was not recorded. */
	static final String UNATTRIBUTED = "short, side unknown (publisher rate not recorded)";

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
	record Row(String folder, boolean clientsOfferDeflate, JsonNode result, JsonNode run) {

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
			json.path("results").forEach(r -> rows.add(new Row(folder, deflate, r, json.path("run"))));
		}
		List<String> servers = List.of("transport-lab", "nchan", "node");
		rows.sort(Comparator.comparingInt(Row::clients)
			.thenComparing(Row::transport)
			.thenComparing(Row::clientsOfferDeflate)
			.thenComparing(Row::folder)
			.thenComparingInt(r -> LabTarget.isLab(r.server()) ? 0 : servers.indexOf(r.server()))
			.thenComparing(Row::server)
			.thenComparingInt(r -> r.result().path("repeat").asInt(1)));
		return rows;
	}

	static String table(List<Row> rows, Path link) {
		StringBuilder md = new StringBuilder();
		md.append("| clients | transport | clients offer deflate | server | runs | extension negotiated | connected ")
			.append("| silent | delivered | publisher events/s | errors | p50 ms | p99 ms | p99.9 ms | lost | dup ")
			.append("| server CPU µs/msg | of which JIT | writes/msg | bytes/msg | RSS MB | heap/conn KB | checks | load average before → after | raw |\n");
		md.append("|---:|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
		Map<String, List<Row>> groups = new LinkedHashMap<>();
		rows.forEach(row -> groups.computeIfAbsent(row.folder() + "\u0000" + row.transport() + "\u0000" + row.server(),
				key -> new ArrayList<>()).add(row));
		for (List<Row> runs : groups.values()) {
			Row row = runs.get(0);
			JsonNode r = row.result();
			boolean webSocket = row.transport().equals("websocket");
			String extension = r.path("webSocketExtensions").asString();
			JsonNode heap = r.path("memory").path("heapBytesPerConnection");
			Spread delivered = spread(runs, LoadSummary::delivered);
			long lost = runs.stream().mapToLong(x -> x.result().path("lost").asLong()).max().orElse(0);
			md.append(String.format(Locale.ROOT,
					"| %,d | %s | %s | %s | %d | %s | %,d | %,d | %s | %s | %,d | %s | %s | %s | %s | %d | %s | %s | %.2f | %s | %.0f | %s | %s | %s → %s | [%s](%s/%s/report.md) |%n",
					row.clients(), row.transport(), webSocket ? (row.clientsOfferDeflate() ? "yes" : "no") : "-",
					row.server(), runs.size(),
					extension.isEmpty() ? "-" : extension.replace("permessage-deflate", "deflate"),
					r.path("connectedAfterRampUp").asInt(), runs.stream().mapToInt(x -> x.result().path("silentClients").asInt()).max().orElse(0),
					percentCell(delivered), publisher(runs), r.path("errors").asLong(),
					spread(runs, x -> x.path("latencyMs").path("p50").asDouble()).cell(1),
					spread(runs, x -> x.path("latencyMs").path("p99").asDouble()).cell(1),
					spread(runs, x -> x.path("latencyMs").path("p999").asDouble()).cell(1),
					Report.lost(lost, delivered.min()), r.path("duplicates").asLong(),
					spread(runs, x -> x.path("cost").path("cpuMicrosPerMessage").asDouble()).cell(1), jit(runs),
					r.path("cost").path("writesPerMessage").asDouble(), bytesPerMessage(r.path("cost")),
					r.path("cost").path("rssMb").asDouble(),
					heap.isNumber() ? String.format(Locale.ROOT, "%.0f", heap.asDouble() / 1024) : "-", checks(runs),
					r.path("loadAverageBefore").asString(), r.path("loadAverageAfter").asString(), row.folder(),
					link.toString().replace('\\', '/'), row.folder()));
		}
		return md.toString();
	}

	/**
	 * The JIT compiler threads' CPU per message (median, min-max over repeats); "-" for peers
	 * and for results from before it was recorded.
	 */
	static String jit(List<Row> runs) {
		if (!Double.isFinite(number(runs.get(0).result().path("cost").path("jitMicrosPerMessage")))) {
			return "-";
		}
		return spread(runs, x -> number(x.path("cost").path("jitMicrosPerMessage"))).cell(1);
	}

	/** Bytes the server wrote per delivered message; "-" for results from before it was recorded. */
	static String bytesPerMessage(JsonNode cost) {
		double bytes = number(cost.path("bytesPerMessage"));
		return Double.isFinite(bytes) ? String.format(Locale.ROOT, "%,.0f", bytes) : "-";
	}

	/** Received / expected in the window; old results without the field give the same from their figures. */
	static double delivered(JsonNode r) {
		if (r.has("deliveredShare")) {
			return number(r.path("deliveredShare"));
		}
		double expected = r.path("expectedMessagesPerSecond").asDouble() * r.path("measuredSeconds").asDouble();
		return expected == 0 ? Double.NaN : r.path("receivedMeasured").asDouble() / expected;
	}

	/** The run's marks: recorded ones, or for results from before the marks, judged from their figures. */
	static String checks(List<Row> runs) {
		List<String> marks = new ArrayList<>();
		for (Row run : runs) {
			JsonNode r = run.result();
			String mark = r.has("bottleneck") ? r.path("bottleneck").path("mark").asString()
					: bottleneck(run.run(), r).mark();
			String noise = r.path("noise").path("status").asString(NoiseGuard.NOT_CHECKED);
			String cell = Report.checks(new Bottleneck(mark, ""), noise);
			if (!cell.equals("ok") && !marks.contains(cell)) {
				marks.add(cell);
			}
		}
		return marks.isEmpty() ? "ok" : String.join("; ", marks);
	}

	static Bottleneck bottleneck(JsonNode run, JsonNode r) {
		int nproc = run.path("nproc").asInt(Runtime.getRuntime().availableProcessors());
		String serverCpus = run.path("serverCpus").asString("");
		String clientCpus = run.path("clientCpus").asString("");
		double publisher = r.has("publisherRate") ? number(r.path("publisherRate")) / r.path("rate").asDouble()
				: Double.NaN;
		int serverCount = LoadOptions.cpuCount(serverCpus, nproc);
		double serverCores = number(r.path("cost").path("cpuCores"));
		Bottleneck judged = Bottleneck.judge(delivered(r), number(r.path("clientCpuCoresMean")),
				LoadOptions.cpuCount(clientCpus, nproc), serverCores, serverCount, publisher,
				serverCpus.isBlank() || clientCpus.isBlank());
		boolean peer = !LabTarget.isLab(r.path("server").asString());
		if (peer && Double.isNaN(publisher) && judged.mark().equals(Bottleneck.SERVER)
				&& !(serverCores >= Bottleneck.SATURATED * serverCount)) {
			// a short delivery with the server's core to spare: the publisher in the generator may have
			// fallen behind, and its rate was not recorded then, so neither side can be named
			return new Bottleneck(UNATTRIBUTED, judged.why());
		}
		return judged;
	}

	private static String publisher(List<Row> runs) {
		JsonNode r = runs.get(0).result();
		if (!run(runs).equals("peer")) {
			return "- (own feed)";
		}
		if (!r.has("publisherRate")) {
			return "not recorded";
		}
		return spread(runs, x -> number(x.path("publisherRate"))).cell(2) + " of " + r.path("rate").asInt();
	}

	private static String run(List<Row> runs) {
		return LabTarget.isLab(runs.get(0).server()) ? "lab" : "peer";
	}

	private static String percentCell(Spread delivered) {
		if (delivered.runs() == 0) {
			return "n/a";
		}
		Spread percent = new Spread(delivered.median() * 100, delivered.min() * 100, delivered.max() * 100,
				delivered.runs());
		return percent.cell(1) + " %";
	}

	private static Spread spread(List<Row> runs, java.util.function.ToDoubleFunction<JsonNode> figure) {
		return Spread.of(runs.stream().map(x -> figure.applyAsDouble(x.result())).toList());
	}

	/** A number, or NaN where Jackson wrote "NaN" as a string or the field is missing. */
	static double number(JsonNode node) {
		if (node.isNumber()) {
			return node.asDouble();
		}
		try {
			return node.isString() ? Double.parseDouble(node.asString()) : Double.NaN;
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

}
