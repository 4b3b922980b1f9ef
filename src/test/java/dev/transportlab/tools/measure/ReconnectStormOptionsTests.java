package dev.transportlab.tools.measure;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} names every option with its default and unit, and parsing works. */
class ReconnectStormOptionsTests {

	@Test
	void helpShowsEveryOptionWithItsDefaultAndUnit() {
		StringWriter help = new StringWriter();
		CommandLine command = new CommandLine(new ReconnectStorm());
		command.setOut(new PrintWriter(help));
		assertThat(command.execute("--help")).isZero();
		for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
			if (option.usageHelp() || option.versionHelp()) {
				continue;
			}
			assertThat(help.toString()).contains(option.longestName());
			assertThat(option.description()).as(option.longestName()).isNotEmpty();
			assertThat(option.description()[0]).as("%s names a unit or the kind of value", option.longestName())
				.containsPattern("\\((count|ms|s|events/s|fraction|path|directory)\\)|taskset|fixed, jittered|JVM");
		}
		assertThat(help.toString()).contains("Default: 5000", "Default: 2000", "Default: 0.5");
	}

	@Test
	void parsesTheRunsAndSizes() {
		ReconnectStorm storm = new ReconnectStorm();
		new CommandLine(storm).parseArgs("--sse", "100", "--ws", "50", "--modes", "jittered", "--jitter", "0.3");
		assertThat(storm.sse).isEqualTo(100);
		assertThat(storm.ws).isEqualTo(50);
		assertThat(storm.modes).isEqualTo(List.of("jittered"));
		assertThat(storm.jitter).isEqualTo(0.3);
	}

}
