package dev.transportlab.tools.load;

import dev.transportlab.tools.client.AppProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The load command: N concurrent clients of one transport (or of each, one after
 * another) against a benchmark feed, then a report in target/load/. Run it with
 * {@code mvn -Pload verify -Dload.args="--transport sse --clients 10000"} (see
 * docs/results/load.md), or from a test with {@link #run}.
 */
public final class LoadCommand {

	private LoadCommand() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		LoadOptions options;
		try {
			options = LoadOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			if (!ex.getMessage().equals("help")) {
				System.err.println("load: " + ex.getMessage());
			}
			System.err.println(LoadOptions.USAGE);
			System.exit(2);
			return;
		}
		List<TransportResult> results = run(options, System.out);
		boolean clean = results.stream().allMatch(r -> r.lost() == 0 && r.duplicates() == 0);
		System.exit(clean ? 0 : 1);
	}

	/** Runs every asked transport, writes the report, and returns the figures. */
	static List<TransportResult> run(LoadOptions options, PrintStream console) throws IOException, InterruptedException {
		System.setProperty("java.awt.headless", "true");
		Files.createDirectories(options.out());
		String startedAt = now();
		String loadAtStart = loadAverage();
		long fdLimit = openFileLimit();
		checkOpenFiles(options, fdLimit, console);
		List<TransportResult> results = new ArrayList<>();
		Report.RunInfo info = null;
		for (String transport : options.transports()) {
			// a fresh server per transport when the command starts it: no heap, connections or
			// cached processors left over from the previous transport in its figures
			try (AppProcess server = options.baseUrl() != null ? AppProcess.attach(options.baseUrl(), options.serverPid())
					: AppProcess.start(options.jar(), options.serverJvmArgs(), options.out(), options.jfr(), console)) {
				checkServerOpenFiles(server, options, console);
				results.add(new TransportRun(transport, options, server, console).run());
				info = info(options, server, startedAt, loadAtStart, fdLimit);
				// each run's figures are on disk at once, so an interrupted session keeps what it measured
				Report.write(options.out(), info, results);
			}
		}
		console.println();
		console.println("Report: " + options.out().resolve("report.md").toAbsolutePath());
		for (TransportResult r : results) {
			console.printf("%-12s clients %6d connected %6d msg/s %9.0f p50 %7.1f p99 %7.1f p99.9 %7.1f max %7.1f ms lost %d dup %d err %d reconn %d server cpu %.2f cores%n",
					r.transport(), r.clients(), r.connectedAfterRampUp(), r.messagesPerSecond(), r.latencyMs().p50(),
					r.latencyMs().p99(), r.latencyMs().p999(), r.latencyMs().max(), r.lost(), r.duplicates(),
					r.errors(), r.reconnects(), r.server().cpuCoresMean());
		}
		return results;
	}

	private static Report.RunInfo info(LoadOptions options, AppProcess server, String startedAt, String loadAtStart,
			long fdLimit) {
		return new Report.RunInfo(options.describe(), startedAt, now(), Runtime.getRuntime().availableProcessors(),
				loadAtStart, loadAverage(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
				options.serverJvmArgs(), server.baseUrl().toString(), server.owned(), fdLimit);
	}

	/** Each client holds one socket; the server (a child of this JVM) inherits the same limit. */
	private static void checkOpenFiles(LoadOptions options, long limit, PrintStream console) {
		long needed = options.clients() + 200L;
		if (limit > 0 && limit < needed) {
			throw new IllegalStateException("The open-file limit is " + limit + " but " + options.clients()
					+ " clients need about " + needed + " descriptors on each side (client JVM and server). Raise it"
					+ " before running (ulimit -n " + Math.max(65536, needed) + "; the hard limit is `ulimit -Hn`),"
					+ " or use fewer --clients.");
		}
		console.printf("Open-file limit %d: enough for %d clients%n", limit, options.clients());
	}

	private static void checkServerOpenFiles(AppProcess server, LoadOptions options, PrintStream console)
			throws IOException, InterruptedException {
		Double max = server.metrics().get("process_files_max_files");
		if (max != null && max < options.clients() + 100) {
			console.printf("WARNING: the server's open-file limit is %.0f: it cannot hold %d connections%n", max,
					options.clients());
		}
	}

	static long openFileLimit() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
			return unix.getMaxFileDescriptorCount();
		}
		return -1;
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).strip();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String now() {
		return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
	}

}
