package dev.transportlab.tools.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Developer experience per transport: lines of code counted from the sources (non-blank,
 * non-comment lines of the transport's server package and its client adapter), and what the
 * platform gives for free, as documented facts (docs/benchmark.md cites them).
 */
final class DxTable {

	static final String SERVER = "src/main/java/dev/transportlab/transport/";

	static final String CLIENT = "src/main/resources/static/js/transports/";

	private DxTable() {
	}

	/** The report's "Developer experience" section: the counted lines and the platform's facts. */
	static void append(StringBuilder md, Comparison c) {
		md.append("## Developer experience\n\n");
		md.append("Lines of code are counted from the sources by this run: non-blank, non-comment lines of the\n"
				+ "transport's server package and of its client adapter. Short and long polling share one server\n"
				+ "endpoint. Shared code (the feed, the dashboard, the metrics) is not counted: it is the same for all.\n\n");
		md.append("| Transport | Server lines (files) | Client lines | Automatic reconnect | Resume | Binary | Both directions | HTTP/2 multiplexing | Proxy friendly |\n");
		md.append("|---|---:|---:|---|---|---|---|---|---|\n");
		for (DxTable.Row row : c.dx()) {
			DxTable.Facts f = row.facts();
			md.append("| ").append(row.transport()).append(" | ").append(row.serverLines()).append(" (")
				.append(row.serverFiles()).append(") | ")
				.append(row.clientLines() < 0 ? "missing" : Integer.toString(row.clientLines())).append(" | ")
				.append(f.reconnect()).append(" | ").append(f.resume()).append(" | ").append(f.binary()).append(" | ")
				.append(f.bothDirections()).append(" | ").append(f.http2Multiplexing()).append(" | ")
				.append(f.proxyFriendly()).append(" |\n");
		}
		md.append("\nLong polling's client is short polling's loop with `wait=` (it imports `startPolling` from polling.js).\n"
				+ "Shared by every transport and counted once: ");
		md.append(String.join(", ", c.sharedCode().stream().map(s -> "`" + s.path() + "` " + s.lines()).toList()))
			.append(" lines.\n");
		md.append("\nThe counted paths are in results.json (`dx`, `sharedCode`). The columns after the line counts are\n"
				+ "documented facts of the platform (HTML Living Standard for EventSource, RFC 6455/8441, RFC 9110/9113),\n"
				+ "not measurements.\n");
	}

	static List<Row> count(Path root) {
		List<Row> rows = new ArrayList<>();
		for (Facts facts : FACTS) {
			Path serverDir = root.resolve(SERVER + facts.serverPackage());
			Path client = root.resolve(CLIENT + facts.transport() + ".js");
			List<Path> serverFiles = javaFiles(serverDir);
			int serverLines = serverFiles.stream().mapToInt(DxTable::codeLines).sum();
			int clientLines = Files.isRegularFile(client) ? codeLines(client) : -1;
			rows.add(new Row(facts.transport(), serverLines, serverFiles.size(),
					SERVER + facts.serverPackage() + "/" + facts.serverNote(), clientLines,
					root.relativize(client).toString(), facts));
		}
		return rows;
	}

	/**
	 * Code every transport uses, counted once: the top-level files of transport/ on the server
	 * and the adapters' shared helpers (every client .js that is not a transport's own adapter).
	 */
	static List<Shared> shared(Path root) {
		List<Shared> shared = new ArrayList<>();
		Path serverDir = root.resolve(SERVER);
		Path clientDir = root.resolve(CLIENT);
		List<String> adapters = FACTS.stream().map(f -> f.transport() + ".js").toList();
		for (Path dir : List.of(serverDir, clientDir)) {
			if (!Files.isDirectory(dir)) {
				continue;
			}
			try (Stream<Path> files = Files.list(dir)) {
				files.filter(Files::isRegularFile)
					.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".js"))
					.filter(p -> !adapters.contains(p.getFileName().toString()))
					.sorted()
					.forEach(p -> shared.add(new Shared(root.relativize(p).toString(), codeLines(p))));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return shared;
	}

	/** A shared file and its code lines. */
	record Shared(String path, int lines) {
	}

	private static List<Path> javaFiles(Path dir) {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Lines with code once comments ({@code //}, {@code /* ... *}{@code /}) and blanks are gone. */
	static int codeLines(Path file) {
		try {
			return codeLines(Files.readAllLines(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static int codeLines(List<String> lines) {
		int count = 0;
		boolean inBlock = false;
		for (String line : lines) {
			boolean code = false;
			char quote = 0;
			for (int i = 0; i < line.length(); i++) {
				char c = line.charAt(i);
				char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
				if (inBlock) {
					if (c == '*' && next == '/') {
						inBlock = false;
						i++;
					}
					continue;
				}
				if (quote != 0) {
					if (c == '\\') {
						i++;
					}
					else if (c == quote) {
						quote = 0;
					}
					continue;
				}
				if (c == '/' && next == '*') {
					inBlock = true;
					i++;
				}
				else if (c == '/' && next == '/') {
					break;
				}
				else if (!Character.isWhitespace(c)) {
					code = true;
					if (c == '"' || c == '\'' || c == '`') {
						quote = c;
					}
				}
			}
			if (code) {
				count++;
			}
		}
		return count;
	}

	/** What the browser and HTTP give each transport without application code. */
	record Facts(String transport, String serverPackage, String serverNote, String reconnect, String resume,
			String binary, String bothDirections, String http2Multiplexing, String proxyFriendly) {
	}

	static final List<Facts> FACTS = List.of(
			new Facts("polling", "polling", " (one endpoint for short and long polling)",
					"n/a: every poll is a new request", "no: the app's ?after= cursor", "yes (any HTTP body)",
					"no: requests only", "yes", "yes: plain request/response"),
			new Facts("long-polling", "polling", " (the same endpoint, with wait=)", "n/a: every poll is a new request",
					"no: the app's ?after= cursor", "yes (any HTTP body)", "no: requests only", "yes",
					"mostly: idle timeouts must exceed wait"),
			new Facts("websocket", "websocket", "", "no: the app reconnects", "no: the app's resume message",
					"yes: binary frames", "yes: full duplex", "rarely (RFC 8441; not in Tomcat)",
					"partly: needs Upgrade support; some proxies block it"),
			new Facts("sse", "sse", "", "yes: EventSource retries", "yes: Last-Event-ID header",
					"no: UTF-8 text only", "no: server to client", "yes",
					"mostly: proxies must not buffer; heartbeats keep it open"),
			new Facts("fetch", "fetch", " (POST, then the sse package's stream)",
					"no: the app reconnects (honouring retry:)", "no: the app sends Last-Event-ID itself",
					"no: UTF-8 text (SSE format)", "no: server to client (one request body first)", "yes",
					"mostly: proxies must not buffer; heartbeats keep it open"));

	/** One row of the DX table. */
	record Row(String transport, int serverLines, int serverFiles, String serverPath, int clientLines,
			String clientPath, Facts facts) {
	}

}
