package dev.transportlab.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tool's {@code --help} renders cleanly: picocli formats descriptions with
 * {@code String.format}, so a bare {@code %} makes it print warnings above the help.
 */
class ToolHelpTests {

	@ParameterizedTest
	@ValueSource(strings = { "load.LoadOptions", "load.SoakRun", "compare.ComparisonOptions$Flags",
			"compare.WireCaptureCheck", "docs.PageScreenshots", "measure.Guarded", "measure.JobWireCost",
			"measure.PageProfile", "measure.ReconnectStorm", "measure.ScalingRun", "measure.StalledConsumerMeasurement",
			"measure.TokenRefreshCost" })
	void helpRendersWithoutPicocliWarnings(String command) throws Exception {
		CommandLine commandLine = new CommandLine(Class.forName("dev.transportlab.tools." + command));
		ByteArrayOutputStream errors = new ByteArrayOutputStream();
		PrintStream systemErr = System.err;
		System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
		String help;
		try {
			help = commandLine.getUsageMessage();
			for (CommandLine sub : commandLine.getSubcommands().values()) {
				help += sub.getUsageMessage();
			}
		}
		finally {
			System.setErr(systemErr);
		}
		assertThat(help).contains("Usage:");
		assertThat(errors.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
	}

}
