package dev.transportlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md stays true: every file path it names exists, and the import rules
 * it states hold in src/main/java.
 */
class ArchitectureTests {

	private static final Path DOC = Path.of("docs/architecture.md");

	private static final Path MAIN = Path.of("src/main/java/dev/transportlab");

	private static final Pattern PATH = Pattern
		.compile("`((?:src|docs|\\.ci|docker)/[\\w./{},-]*|\\.env\\.example|[\\w-]+\\.properties)`");

	private static final Pattern IMPORT = Pattern.compile("^import dev\\.transportlab\\.(\\w+)\\.", Pattern.MULTILINE);

	@Test
	void everyPathTheDocumentNamesExists() throws IOException {
		String doc = Files.readString(DOC);
		List<String> missing = new ArrayList<>();
		Matcher matcher = PATH.matcher(doc);
		int named = 0;
		while (matcher.find()) {
			String path = matcher.group(1);
			if (path.contains("{")) {
				continue; // a pattern such as transport/{polling,sse,websocket}
			}
			named++;
			Path file = path.endsWith(".properties") && !path.contains("/") ? Path.of("src/main/resources", path)
					: Path.of(path);
			if (!Files.exists(file)) {
				missing.add(path);
			}
		}
		assertThat(named).as("paths named in %s", DOC).isGreaterThan(20);
		assertThat(missing).as("paths named in %s that do not exist", DOC).isEmpty();
	}

	@Test
	void dependenciesFlowOneWay() throws IOException {
		Map<String, Set<String>> imports = packageImports();
		assertThat(imports.get("problem")).as("problem/ imports").isEmpty();
		// feed/ may use config/'s admin-token check; config/ itself imports no feature
		assertThat(imports.get("feed")).as("feed/ imports").isSubsetOf("problem", "config");
		assertThat(imports.get("config")).as("config/ imports").isSubsetOf("problem");
		imports.forEach((pkg, used) -> {
			if (!pkg.equals("web")) {
				assertThat(used).as(pkg + "/ imports web/").doesNotContain("web");
			}
		});
		for (String transport : List.of("polling", "sse", "websocket")) {
			assertThat(transportImports(transport)).as("transport/" + transport + " imports another transport")
				.allMatch((other) -> other.equals(transport));
		}
		// the one allowed exception: fetch answers with the SSE stream, through its one
		// entry
		assertThat(transportImports("fetch")).as("transport/fetch imports another transport than sse")
			.allMatch((other) -> other.equals("fetch") || other.equals("sse"));
		assertThat(classImports("fetch", "sse")).as("what transport/fetch imports from transport/sse")
			.containsOnly("SseStreams");
	}

	/** Top-level package to the top-level packages its files import (itself left out). */
	private static Map<String, Set<String>> packageImports() throws IOException {
		Map<String, Set<String>> imports = new TreeMap<>();
		try (Stream<Path> packages = Files.list(MAIN)) {
			for (Path pkg : packages.filter(Files::isDirectory).toList()) {
				String name = pkg.getFileName().toString();
				Set<String> used = new TreeSet<>();
				for (String source : sources(pkg)) {
					Matcher matcher = IMPORT.matcher(source);
					while (matcher.find()) {
						used.add(matcher.group(1));
					}
				}
				used.remove(name);
				imports.put(name, used);
			}
		}
		return imports;
	}

	private static Set<String> transportImports(String transport) throws IOException {
		Set<String> used = new TreeSet<>();
		Pattern sibling = Pattern.compile("^import dev\\.transportlab\\.transport\\.(\\w+)\\.", Pattern.MULTILINE);
		for (String source : sources(MAIN.resolve("transport").resolve(transport))) {
			Matcher matcher = sibling.matcher(source);
			while (matcher.find()) {
				used.add(matcher.group(1));
			}
		}
		return used;
	}

	/**
	 * The classes of transport/{@code from} that files of transport/{@code transport}
	 * import.
	 */
	private static Set<String> classImports(String transport, String from) throws IOException {
		Set<String> used = new TreeSet<>();
		Pattern imported = Pattern.compile("^import dev\\.transportlab\\.transport\\." + from + "\\.(\\w+);",
				Pattern.MULTILINE);
		for (String source : sources(MAIN.resolve("transport").resolve(transport))) {
			Matcher matcher = imported.matcher(source);
			while (matcher.find()) {
				used.add(matcher.group(1));
			}
		}
		return used;
	}

	private static List<String> sources(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			List<String> sources = new ArrayList<>();
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				sources.add(Files.readString(file));
			}
			return sources;
		}
	}

}
