package dev.transportlab.tools.compare;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DxTableTests {

	@Test
	void countsCodeLinesOnly() {
		List<String> source = List.of("// a comment", "", "/**", " * javadoc", " */",
				"const url = 'http://x'; // trailing", "/* inline */ let a = 1;", "let b = '/* not a comment */';",
				"   ", "/* block", "   still */ call();", "}");
		assertThat(DxTable.codeLines(source)).isEqualTo(5);
	}

	@Test
	void countsEveryTransportFromTheSources() {
		List<DxTable.Row> rows = DxTable.count(Path.of("."));
		assertThat(rows).extracting(DxTable.Row::transport)
			.containsExactly("polling", "long-polling", "websocket", "sse", "fetch");
		assertThat(rows).allSatisfy(row -> {
			assertThat(row.serverLines()).isPositive();
			assertThat(row.clientLines()).isPositive();
		});
		// long polling is the polling endpoint with wait=: the same server code
		assertThat(rows.get(1).serverLines()).isEqualTo(rows.get(0).serverLines());
		assertThat(rows.get(3).facts().reconnect()).startsWith("yes");
		assertThat(rows.get(2).facts().bothDirections()).startsWith("yes");
		assertThat(DxTable.shared(Path.of("."))).extracting(DxTable.Shared::path)
			.contains("src/main/resources/static/js/transports/resume.js",
					"src/main/resources/static/js/transports/sse-parser.js")
			.noneMatch(path -> path.endsWith("/sse.js") || path.endsWith("/fetch.js"));
		// fetch answers with the SSE package's stream: its own package is one controller
		assertThat(rows.get(4).serverFiles()).isEqualTo(1);
		assertThat(rows.get(4).facts().resume()).contains("Last-Event-ID");
	}

}
