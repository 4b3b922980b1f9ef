package dev.transportlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/workshop.ru.md is the Russian workshop: it must keep the English one's structure
 * and commands, so that a fix to one cannot silently miss the other. Headings: same
 * levels in the same order, with the same part and exercise numbers. Fenced code blocks:
 * same number, same language, same code once comments (which are translated) are taken
 * out. And every in-page link (#anchor) of each file points at one of its own headings.
 */
class WorkshopTranslationTests {

	private static final Path ENGLISH = Path.of("docs/workshop.md");

	private static final Path RUSSIAN = Path.of("docs/workshop.ru.md");

	private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");

	private static final Pattern HEADING = Pattern.compile("^(#{1,6}) (.+)$");

	@Test
	void headingsHaveTheSameLevelsAndNumbersInTheSameOrder() throws IOException {
		List<Heading> english = Markdown.read(ENGLISH).headings();
		List<Heading> russian = Markdown.read(RUSSIAN).headings();
		assertThat(english).as("headings of " + ENGLISH).hasSizeGreaterThan(10);
		assertThat(russian.stream().map(Heading::outline).toList())
			.as("levels and numbers of the headings of %s", RUSSIAN)
			.containsExactlyElementsOf(english.stream().map(Heading::outline).toList());
	}

	@Test
	void codeBlocksHaveTheSameCommands() throws IOException {
		List<CodeBlock> english = Markdown.read(ENGLISH).code();
		List<CodeBlock> russian = Markdown.read(RUSSIAN).code();
		assertThat(english).as("code blocks of " + ENGLISH).hasSizeGreaterThan(10);
		assertThat(russian).as("code blocks of %s (language and code without comments)", RUSSIAN)
			.containsExactlyElementsOf(english);
	}

	@Test
	void inPageLinksPointAtHeadings() throws IOException {
		for (Path file : List.of(ENGLISH, RUSSIAN)) {
			Markdown markdown = Markdown.read(file);
			Set<String> anchors = new TreeSet<>();
			markdown.headings().forEach((heading) -> anchors.add(heading.anchor()));
			Matcher link = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(markdown.prose());
			List<String> broken = new ArrayList<>();
			while (link.find()) {
				if (!anchors.contains(link.group(1))) {
					broken.add(link.group(1));
				}
			}
			assertThat(broken).as("links to #anchors of %s that match none of its headings", file).isEmpty();
		}
	}

	/** A heading's level and the numbers in its text, e.g. "## 2" or "### 1". */
	private record Heading(int level, String text) {

		String outline() {
			return "#".repeat(this.level) + " " + String.join(".", numbers(this.text));
		}

		/**
		 * The id GitHub gives the heading: lower case, punctuation out, spaces to
		 * hyphens.
		 */
		String anchor() {
			return this.text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
		}

		private static List<String> numbers(String text) {
			List<String> numbers = new ArrayList<>();
			Matcher number = Pattern.compile("\\d+").matcher(text);
			while (number.find()) {
				numbers.add(number.group());
			}
			return numbers;
		}

	}

	/**
	 * A fenced block's language and its code lines, comments and blank lines left out.
	 */
	private record CodeBlock(String language, List<String> code) {

		static CodeBlock of(String language, List<String> lines) {
			// Shell comments start at " # ", JavaScript ones at "//" after a space or at
			// the start of a line; a URL's "//" follows a colon, so it stays.
			String comment = language.equals("js") ? "(^|\\s)//.*$" : "(^|\\s)# .*$";
			List<String> code = new ArrayList<>();
			for (String line : lines) {
				String stripped = line.replaceAll(comment, "").stripTrailing();
				if (!stripped.isBlank()) {
					code.add(stripped);
				}
			}
			return new CodeBlock(language, code);
		}

	}

	private record Markdown(List<Heading> headings, List<CodeBlock> code, String prose) {

		static Markdown read(Path file) throws IOException {
			List<Heading> headings = new ArrayList<>();
			List<CodeBlock> code = new ArrayList<>();
			StringBuilder prose = new StringBuilder();
			String language = null;
			List<String> block = new ArrayList<>();
			for (String line : Files.readAllLines(file)) {
				Matcher fence = FENCE.matcher(line);
				if (language == null && fence.matches()) {
					language = fence.group(1);
					block.clear();
				}
				else if (language != null && line.equals("```")) {
					code.add(CodeBlock.of(language, block));
					language = null;
				}
				else if (language != null) {
					block.add(line);
				}
				else {
					Matcher heading = HEADING.matcher(line);
					if (heading.matches()) {
						headings.add(new Heading(heading.group(1).length(), heading.group(2).strip()));
					}
					prose.append(line).append('\n');
				}
			}
			assertThat(language).as("%s closes every code block", file).isNull();
			return new Markdown(headings, code, prose.toString());
		}

	}

}
