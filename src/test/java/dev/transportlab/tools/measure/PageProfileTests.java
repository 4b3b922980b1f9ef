package dev.transportlab.tools.measure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile's self time: each sample counts once, for the node it landed in, named by
 * function, file and line (Chromium's own entries by name alone).
 */
class PageProfileTests {

	@Test
	void samplesAreCountedPerFunctionWhereTheyLanded() {
		Map<String, Object> profile = Map.of("nodes",
				List.of(node(1, "(root)", ""), node(2, "(idle)", ""),
						node(3, "addWire", "http://localhost:8080/js/composables/useTextPanes.js", 53),
						node(4, "", "http://localhost:8080/js/pages/benchmark-page.js", 3)),
				"samples", List.of(3, 2, 3, 3, 4, 2));

		assertThat(PageProfile.selfTime(profile)).containsExactlyInAnyOrderEntriesOf(
				Map.of("addWire useTextPanes.js:53", 3, "(idle)", 2, "(anonymous) benchmark-page.js:3", 1));
	}

	private static Map<String, Object> node(int id, String function, String url) {
		return node(id, function, url, -1);
	}

	private static Map<String, Object> node(int id, String function, String url, int line) {
		return Map.of("id", id, "callFrame", Map.of("functionName", function, "url", url, "lineNumber", line));
	}

}
