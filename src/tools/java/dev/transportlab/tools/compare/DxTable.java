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
