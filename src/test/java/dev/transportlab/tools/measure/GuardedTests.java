package dev.transportlab.tools.measure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw file a guarded command leaves: its command, its output, its exit code, and its
 * own CPU booked as measured, not as "other" (else every measurement would be disturbed
 * by itself).
 */
class GuardedTests {

	@Test
	void theRawFileHasTheCommandItsOutputExitCodeAndVerdict(@TempDir Path dir) throws Exception {
		Path raw = dir.resolve("raw.txt");
		// one to two seconds of busy shell (no child processes), then a line and a
		// non-zero exit
		String script = "end=$((SECONDS + 2)); while ((SECONDS < end)); do :; done; echo measured line; exit 3";
		int exit = new CommandLine(new Guarded()).execute("--out", raw.toString(), "--", "bash", "-c", script);

		assertThat(exit).isEqualTo(3);
		String text = Files.readString(raw);
		assertThat(text).startsWith("$ bash -c " + script + "\nstarted ")
			.contains("load average ")
			.contains("\nmeasured line\n")
			.contains("exit code 3")
			.contains("noise guard: ");
		Matcher used = Pattern
			.compile("the command's processes used ([0-9.]+) cores, the machine [0-9.]+, over ([0-9]+) s")
			.matcher(text);
		assertThat(used.find()).as(text).isTrue();
		// the window spans the command, and its busy loop is measured CPU, not other
		assertThat(Integer.parseInt(used.group(2))).as(text).isGreaterThanOrEqualTo(1);
		assertThat(Double.parseDouble(used.group(1))).as(text).isGreaterThan(0.1);
	}

}
