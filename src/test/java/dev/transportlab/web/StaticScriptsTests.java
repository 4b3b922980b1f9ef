package dev.transportlab.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the pages' scripts (static/js) readable in one sitting, as issue 12 asks: no file
 * over 250 lines, no function (a Vue setup() included) over 80 lines, no helper defined
 * in two files, and page entry modules that only compose. Functions are found with a
 * small scan that masks strings, template literals, comments and regular expressions,
 * then matches braces: a brace after {@code =>} or after a parameter list that follows a
 * name (not if/for/while/switch/catch) opens a function body.
 */
class StaticScriptsTests {

	static final Path SCRIPTS = Path.of("src/main/resources/static/js");

	static final int MAX_FILE_LINES = 250;

	static final int MAX_FUNCTION_LINES = 80;

	private static final Set<String> NOT_FUNCTIONS = Set.of("if", "for", "while", "switch", "catch", "with", "return",
			"typeof", "await");

	private static final Pattern TOP_LEVEL_FUNCTION = Pattern.compile(
			"(?m)^(?:export\\s+)?(?:async\\s+)?function\\s+([A-Za-z0-9_$]+)|^(?:export\\s+)?const\\s+([A-Za-z0-9_$]+)\\s*=\\s*(?:async\\s*)?\\([^)]*\\)\\s*=>");

	private static List<Path> scripts;

	@BeforeAll
	static void findScripts() throws IOException {
		try (Stream<Path> files = Files.walk(SCRIPTS)) {
			scripts = files.filter(file -> file.toString().endsWith(".js")).sorted().toList();
		}
	}

	@Test
	void noScriptIsLongerThan250Lines() throws IOException {
		Map<String, Integer> lines = new TreeMap<>();
		for (Path file : scripts) {
			lines.put(name(file), Files.readAllLines(file).size());
		}
		String longest = lines.entrySet()
			.stream()
			.max(Map.Entry.comparingByValue())
			.map(entry -> entry.getKey() + " " + entry.getValue())
			.orElse("-");
		System.out.println(
				"static/js: " + lines.size() + " files, longest " + longest + " lines (limit " + MAX_FILE_LINES + ")");
		assertThat(lines).as("lines per file")
			.allSatisfy((file, count) -> assertThat(count).as(file).isLessThanOrEqualTo(MAX_FILE_LINES));
	}

	@Test
	void noFunctionIsLongerThan80Lines() throws IOException {
		List<Function> functions = new ArrayList<>();
		for (Path file : scripts) {
			functions.addAll(functions(name(file), Files.readString(file)));
		}
		assertThat(functions).as("functions found").hasSizeGreaterThan(100);
		Function longest = functions.stream().max(Comparator.comparingInt(Function::lines)).orElseThrow();
		System.out.println("static/js: " + functions.size() + " functions, longest " + longest + " (limit "
				+ MAX_FUNCTION_LINES + ")");
		assertThat(functions).filteredOn(function -> function.lines() > MAX_FUNCTION_LINES)
			.as("functions over %d lines", MAX_FUNCTION_LINES)
			.isEmpty();
	}

	@Test
	void theScanFindsFunctionsOfEveryKindAndTheirLengths() {
		String source = """
				// a comment with a brace {
				export function named(a) {
				  const text = `template ${a} with { braces } and ${(() => { return 1; })()}`;
				  if (a) {
				    return /[{]/.test('}');
				  }
				  return text;
				}
				const arrow = (x) => {
				  return x;
				};
				export const Thing = {
				  setup(props) {
				    return { props };
				  },
				  template: `<p>{{ x }}</p>`,
				};
				""";
		List<Function> found = functions("sample.js", source);
		assertThat(found).extracting(Function::name).containsExactly("named", "(arrow)", "(arrow)", "setup");
		assertThat(found).extracting(Function::lines).containsExactly(7, 1, 3, 3);
	}

	@Test
	void noHelperIsDefinedInTwoFiles() throws IOException {
		Map<String, Set<String>> definedIn = new TreeMap<>();
		for (Path file : scripts) {
			Matcher matcher = TOP_LEVEL_FUNCTION.matcher(Files.readString(file));
			while (matcher.find()) {
				String helper = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
				definedIn.computeIfAbsent(helper, key -> new TreeSet<>()).add(name(file));
			}
		}
		// the adapters' interface: every transports/<name>.js has its own connect
		definedIn.remove("connect");
		assertThat(definedIn).as("top-level functions").hasSizeGreaterThan(40);
		assertThat(definedIn).as("helpers defined in more than one file")
			.allSatisfy((helper, files) -> assertThat(files).as(helper).hasSize(1));
	}

	@Test
	void pageEntriesOnlyCompose() throws IOException {
		List<Path> pages = scripts.stream().filter(file -> file.getParent().endsWith("pages")).toList();
		assertThat(pages).hasSizeGreaterThanOrEqualTo(5);
		for (Path page : pages) {
			String source = Files.readString(page);
			assertThat(functions(name(page), source)).as("functions in %s", name(page))
				.allMatch(function -> function.lines() <= 3);
			assertThat(source).as(name(page)).doesNotContain("defineComponent(").doesNotContain("template:");
			assertThat(Files.readAllLines(page)).as(name(page)).hasSizeLessThanOrEqualTo(20);
		}
	}

	@Test
	void theTransportsAreNamedInOneModule() throws IOException {
		Pattern adapterImport = Pattern.compile("import \\* as \\w+ from '[./]*transports/(polling|sse|websocket)");
		for (Path file : scripts) {
			String source = Files.readString(file);
			if (!name(file).equals("transports/index.js")) {
				assertThat(adapterImport.matcher(source).find()).as("%s imports an adapter itself", name(file))
					.isFalse();
				assertThat(source).as(name(file)).doesNotContain("'polling', 'long-polling', 'websocket', 'sse'");
			}
			assertThat(source).as("%s names a transport colour", name(file))
				.doesNotContainPattern("#fbbf24|#fb923c|#34d399|#38bdf8");
		}
	}

	private static String name(Path file) {
		return SCRIPTS.relativize(file).toString().replace('\\', '/');
	}

	/** A function body found by the scan: where it starts and how many lines it spans. */
	record Function(String file, String name, int line, int lines) {

		@Override
		public String toString() {
			return this.file + ":" + this.line + " " + this.name + " " + this.lines + " lines";
		}

	}

	static List<Function> functions(String file, String source) {
		String code = mask(source);
		List<Function> found = new ArrayList<>();
		Deque<int[]> open = new ArrayDeque<>();
		Deque<String> names = new ArrayDeque<>();
		int line = 1;
		for (int i = 0; i < code.length(); i++) {
			char c = code.charAt(i);
			if (c == '\n') {
				line++;
			}
			else if (c == '{') {
				String name = functionName(code, i);
				open.push(new int[] { line, name != null ? 1 : 0 });
				names.push(name != null ? name : "");
			}
			else if (c == '}' && !open.isEmpty()) {
				int[] start = open.pop();
				String name = names.pop();
				if (start[1] == 1) {
					found.add(new Function(file, name, start[0], line - start[0] + 1));
				}
			}
		}
		found.sort(Comparator.comparingInt(Function::line));
		return found;
	}

	/** The name of the function whose body the brace at {@code at} opens, or null. */
	private static String functionName(String code, int at) {
		int i = skipSpaceBack(code, at - 1);
		if (i >= 1 && code.charAt(i) == '>' && code.charAt(i - 1) == '=') {
			return "(arrow)";
		}
		if (i < 0 || code.charAt(i) != ')') {
			return null;
		}
		int depth = 0;
		for (; i >= 0; i--) {
			char c = code.charAt(i);
			if (c == ')') {
				depth++;
			}
			else if (c == '(' && --depth == 0) {
				break;
			}
		}
		int end = skipSpaceBack(code, i - 1);
		int start = end;
		while (start >= 0 && (Character.isLetterOrDigit(code.charAt(start)) || code.charAt(start) == '_'
				|| code.charAt(start) == '$')) {
			start--;
		}
		String word = code.substring(start + 1, end + 1);
		if (word.isEmpty() || NOT_FUNCTIONS.contains(word)) {
			return null;
		}
		return word.equals("function") ? "(function)" : word;
	}

	private static int skipSpaceBack(String code, int from) {
		int i = from;
		while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
			i--;
		}
		return i;
	}

	/**
	 * The source with the insides of comments, strings, template literal text and regular
	 * expressions blanked (newlines kept); a template literal's {@code ${...}} stays
	 * code.
	 */
	static String mask(String source) {
		StringBuilder out = new StringBuilder(source.length());
		// open template literals: for each, the brace depth of its current ${ } (-1 = in
		// text)
		Deque<int[]> templates = new ArrayDeque<>();
		int i = 0;
		while (i < source.length()) {
			char c = source.charAt(i);
			boolean inTemplateText = !templates.isEmpty() && templates.peek()[0] < 0;
			if (inTemplateText) {
				if (c == '\\') {
					i = blank(source, out, i, i + 2);
				}
				else if (c == '`') {
					templates.pop();
					out.append('`');
					i++;
				}
				else if (c == '$' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
					// the substitution is code, up to the brace that closes it
					templates.peek()[0] = 0;
					out.append("  ");
					i += 2;
				}
				else {
					i = blank(source, out, i, i + 1);
				}
				continue;
			}
			if (c == '`') {
				templates.push(new int[] { -1 });
				out.append('`');
				i++;
			}
			else if (c == '{' && !templates.isEmpty()) {
				templates.peek()[0]++;
				out.append(c);
				i++;
			}
			else if (c == '}' && !templates.isEmpty()) {
				if (templates.peek()[0]-- == 0) {
					templates.peek()[0] = -1;
					out.append(' ');
				}
				else {
					out.append(c);
				}
				i++;
			}
			else if (c == '/' && source.startsWith("//", i)) {
				int end = source.indexOf('\n', i);
				i = blank(source, out, i, end < 0 ? source.length() : end);
			}
			else if (c == '/' && source.startsWith("/*", i)) {
				int end = source.indexOf("*/", i + 2);
				i = blank(source, out, i, end < 0 ? source.length() : end + 2);
			}
			else if (c == '\'' || c == '"') {
				i = blank(source, out, i, endOfQuoted(source, i, c));
			}
			else if (c == '/' && regexMayStart(out)) {
				i = blank(source, out, i, endOfRegex(source, i));
			}
			else {
				out.append(c);
				i++;
			}
		}
		return out.toString();
	}

	private static int blank(String source, StringBuilder out, int from, int to) {
		int end = Math.min(to, source.length());
		for (int i = from; i < end; i++) {
			out.append(source.charAt(i) == '\n' ? '\n' : ' ');
		}
		return end;
	}

	private static int endOfQuoted(String source, int start, char quote) {
		int i = start + 1;
		while (i < source.length() && source.charAt(i) != quote && source.charAt(i) != '\n') {
			i += source.charAt(i) == '\\' ? 2 : 1;
		}
		return i + 1;
	}

	/** A slash starts a regular expression where a value is expected, not after one. */
	private static boolean regexMayStart(StringBuilder out) {
		int i = out.length() - 1;
		while (i >= 0 && Character.isWhitespace(out.charAt(i))) {
			i--;
		}
		if (i < 0) {
			return true;
		}
		char before = out.charAt(i);
		if ("(,=:[!&|?{};+-*%<>~^".indexOf(before) >= 0) {
			return true;
		}
		int start = i;
		while (start >= 0 && Character.isLetter(out.charAt(start))) {
			start--;
		}
		return out.substring(start + 1, i + 1).equals("return");
	}

	private static int endOfRegex(String source, int start) {
		int i = start + 1;
		boolean inClass = false;
		while (i < source.length() && source.charAt(i) != '\n') {
			char c = source.charAt(i);
			if (c == '\\') {
				i += 2;
				continue;
			}
			if (c == '[') {
				inClass = true;
			}
			else if (c == ']') {
				inClass = false;
			}
			else if (c == '/' && !inClass) {
				return i + 1;
			}
			i++;
		}
		return i;
	}

}
