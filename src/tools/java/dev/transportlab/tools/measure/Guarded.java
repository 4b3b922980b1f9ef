package dev.transportlab.tools.measure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.transportlab.tools.load.NoiseGuard;
import dev.transportlab.tools.load.ProcStats;

/**
 * Runs one measuring command under the noise guard and keeps its output as a raw file: for
 * the tools that have no guard of their own (StalledConsumerMeasurement, JobWireCost,
 * WireCaptureCheck, a curl). The command and everything it starts are the measured
 * processes; CPU the machine used beyond them, averaged over the run, above the threshold
 * makes the verdict "disturbed". The output file starts with the command, the start time
 * and the load average, and ends with the exit code, the load average and the verdict:
 * <pre>
 * java -cp $CP dev.transportlab.tools.measure.Guarded --out raw.txt -- java -cp $CP dev.transportlab.tools.measure.JobWireCost ...
 * </pre>
 */
@Command(name = "Guarded", mixinStandardHelpOptions = true, showDefaultValues = true,
		description = "Runs a command under the noise guard and writes its output, the load average and the verdict to a file.")
public final class Guarded implements Callable<Integer> {

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "the raw file to write (also printed)")
	Path out;

	@Option(names = "--noise-threshold", defaultValue = "5", paramLabel = "PCT",
			description = "other CPU (%% of one core, averaged over the run) above which the run is disturbed")
	double thresholdPercent;

	@Parameters(arity = "1..*", paramLabel = "COMMAND", description = "the command and its arguments (after --)")
	List<String> command;

	public static void main(String[] args) {
		System.exit(new CommandLine(new Guarded()).execute(args));
	}

	@Override
	public Integer call() throws IOException, InterruptedException {
		if (this.out.toAbsolutePath().getParent() != null) {
			Files.createDirectories(this.out.toAbsolutePath().getParent());
		}
		try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(this.out, StandardCharsets.UTF_8))) {
			Echo echo = new Echo(file);
			echo.line("$ " + String.join(" ", this.command));
			echo.line("started " + now() + ", load average " + ProcStats.loadAverage());
			NoiseGuard.Window window = new NoiseGuard(this.thresholdPercent / 100).start();
			Process process = new ProcessBuilder(this.command).redirectErrorStream(true).start();
			try (BufferedReader output = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = output.readLine(); line != null; line = output.readLine()) {
					echo.line(line);
				}
			}
			int exit = process.waitFor();
			NoiseGuard.Verdict verdict = window.stop();
			echo.line("ended " + now() + ", exit code " + exit + ", load average " + ProcStats.loadAverage());
			echo.line(String.format(Locale.ROOT,
					"noise guard: %s; the command's processes used %.2f cores, the machine %.2f, over %.0f s",
					verdict.summary(), verdict.measuredCores(), verdict.machineCores(), verdict.seconds()));
			return exit;
		}
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.SECONDS);
	}

	/** Every line to the console and the raw file, flushed so that an interrupted run keeps its lines. */
	private record Echo(PrintWriter file) {

		void line(String text) {
			System.out.println(text);
			this.file.println(text);
			this.file.flush();
		}

	}

}
