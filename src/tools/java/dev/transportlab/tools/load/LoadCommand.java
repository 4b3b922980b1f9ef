package dev.transportlab.tools.load;

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
import java.util.concurrent.TimeUnit;

import dev.transportlab.tools.client.AppProcess;

import picocli.CommandLine;

/**
 * The load command: N browser-like clients of one transport (or of each, one after
 * another) against a feed of this project's server and, with {@code --peer}, of nginx +
 * nchan and Node, each started fresh for each transport; then one report in --out. Run
 * it with {@code mvn -Pload verify -Dload.args="--transport sse --clients 2000"} (see
 * docs/results/load.md and {@code --help}), or from a test with {@link #run}.
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
		catch (LoadOptions.HelpRequested help) {
			System.out.print(help.getMessage());
			System.exit(0);
			return;
		}
		catch (CommandLine.ParameterException | IllegalArgumentException ex) {
			System.err.println("load: " + ex.getMessage());
			System.err.println("load --help lists every flag with its default.");
			System.exit(2);
			return;
		}
		List<TransportResult> results = run(options, System.out);
		boolean clean = results.stream().allMatch(r -> r.lost() == 0 && r.duplicates() == 0);
		System.exit(clean ? 0 : 1);
	}

	/** Runs every asked transport on every asked server, writes the report, and returns the figures. */
	static List<TransportResult> run(LoadOptions options, PrintStream console) throws IOException, InterruptedException {
		System.setProperty("java.awt.headless", "true");
		Files.createDirectories(options.server.out());
		pinSelf(options.clientCpus, console);
		raiseOpenFiles(options, console);
		String startedAt = now();
		String loadAtStart = ProcStats.loadAverage();
		console.println("Load average at start: " + loadAtStart);
		long fdLimit = openFileLimit();
		checkOpenFiles(options, fdLimit, console);
		List<TransportResult> results = new ArrayList<>();
		for (String transport : options.transports) {
			List<String> servers = new ArrayList<>();
			servers.add("transport-lab");
			options.alsoJars.keySet().forEach(build -> servers.add("transport-lab-" + build));
			options.peers.stream().filter(p -> Peer.serves(p, transport)).forEach(servers::add);
			// --repeat: lab, peer, lab, peer, ... so that a drift of the machine touches every server alike
			for (int repeat = 1; repeat <= options.repeat; repeat++) {
				for (String name : servers) {
					// a fresh server per run: no heap, connections or caches left over in its figures
					try (Target server = start(name, options, console)) {
						results.add(new TransportRun(transport, options, server, console, repeat).run());
					}
					// each run's figures are on disk at once, so an interrupted session keeps what it measured
					Report.write(options.server.out(), info(options, startedAt, loadAtStart, fdLimit), results);
				}
			}
		}
		console.println();
		console.println("Report: " + options.server.out().resolve("report.md").toAbsolutePath());
		for (TransportResult r : results) {
			console.printf(
					"%-12s %-13s #%d clients %6d connected %6d delivered %5.1f %% silent %d msg/s %8.0f p50 %7.1f p99 %7.1f p99.9 %7.1f ms lost %d dup %d err %d | server %.1f us/msg (JIT %s), %.2f writes/msg, %.0f B/msg, rss %.0f MB | %s%s | load %s -> %s%n",
					r.transport(), r.server(), r.repeat(), r.clients(), r.connectedAfterRampUp(),
					r.deliveredShare() * 100, r.silentClients(), r.messagesPerSecond(),
					r.latencyMs().p50(), r.latencyMs().p99(), r.latencyMs().p999(), r.lost(), r.duplicates(),
					r.errors(), r.cost().cpuMicrosPerMessage(), Report.jit(r.cost()), r.cost().writesPerMessage(), r.cost().bytesPerMessage(),
					r.cost().rssMb(),
					r.noise().status(), r.bottleneck().fair() ? "" : ", " + r.bottleneck().mark(), r.loadAverageBefore(),
					r.loadAverageAfter());
		}
		return results;
	}

	private static Target start(String name, LoadOptions options, PrintStream console)
			throws IOException, InterruptedException {
		if (!LabTarget.isLab(name)) {
			return Peer.start(name, options, console);
		}
		// --also-jar: another build of the app (transport-lab-NAME), started and measured the same way
		Path jar = name.equals("transport-lab") ? options.server.jar() : options.alsoJars.get(name.substring("transport-lab-".length()));
		AppProcess app = (options.baseUrl != null) ? AppProcess.attach(options.baseUrl, options.serverPid)
				: AppProcess.start(jar, options.server.jvmArgs(), options.serverAppArgs(), options.server.out(), options.jfr,
						console, options.server.cpus());
		checkServerOpenFiles(app, options, console);
		return new LabTarget(name, app);
	}

	/**
	 * Moves every thread of this JVM (and those it makes later) to {@code cpus}: the clients
	 * and the peers' publisher then never take the server's core.
	 */
	private static void pinSelf(String cpus, PrintStream console) throws IOException, InterruptedException {
		if (cpus == null || cpus.isBlank()) {
			return;
		}
		long pid = ProcessHandle.current().pid();
		Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus.strip(), Long.toString(pid))
			.redirectErrorStream(true)
			.start();
		String said = new String(taskset.getInputStream().readAllBytes()).strip();
		if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
			throw new IllegalStateException("taskset -a -p -c " + cpus + " " + pid + " failed: " + said);
		}
		console.println("Load generator pinned to CPUs " + cpus + " (taskset -a -p -c, pid " + pid + ")");
	}

	/**
	 * More clients than the soft limit allows need more descriptors: raise this JVM's limit
	 * with prlimit where allowed (up to the hard limit, or beyond it as root).
	 */
	private static void raiseOpenFiles(LoadOptions options, PrintStream console) throws InterruptedException {
		if (openFileLimit() >= options.clients + 200L) {
			return;
		}
		long pid = ProcessHandle.current().pid();
		for (String limit : List.of("1048576:1048576", "unlimited-soft")) {
			String value = limit.equals("unlimited-soft") ? "--nofile=" + hardOpenFileLimit() : "--nofile=" + limit;
			try {
				Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), value)
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				if (prlimit.waitFor(10, TimeUnit.SECONDS) && prlimit.exitValue() == 0) {
					console.println("Open-file limit of the load generator raised: prlimit " + value);
					return;
				}
			}
			catch (IOException ex) {
				return; // no prlimit: the check below says what to do
			}
		}
	}

	private static long hardOpenFileLimit() {
		try {
			for (String line : Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
				if (line.startsWith("Max open files")) {
					return Long.parseLong(line.substring(26).strip().split("\\s+")[1]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// unknown: keep the current limit
		}
		return openFileLimit();
	}

	private static Report.RunInfo info(LoadOptions options, String startedAt, String loadAtStart, long fdLimit) {
		return new Report.RunInfo(options.describe(), startedAt, now(), Runtime.getRuntime().availableProcessors(),
				loadAtStart, ProcStats.loadAverage(),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), options.server.jvmArgs(),
				options.server.cpus(), options.clientCpus, options.baseUrl == null, fdLimit);
	}

	/** Each client holds one socket in this JVM. */
	private static void checkOpenFiles(LoadOptions options, long limit, PrintStream console) {
		long needed = options.clients + 200L;
		if (limit > 0 && limit < needed) {
			throw new IllegalStateException("The open-file limit is " + limit + " but " + options.clients
					+ " clients need about " + needed + " descriptors in the load generator. Raise it before running"
					+ " (ulimit -n " + Math.max(65536, needed) + "; the hard limit is `ulimit -Hn`), or use fewer"
					+ " --clients.");
		}
		console.printf("Open-file limit %d: enough for %d clients%n", limit, options.clients);
	}

	private static void checkServerOpenFiles(AppProcess server, LoadOptions options, PrintStream console)
			throws IOException, InterruptedException {
		Double max = server.metrics().get("process_files_max_files");
		if (max != null && max < options.clients + 100) {
			console.printf("WARNING: the server's open-file limit is %.0f: it cannot hold %d connections%n", max,
					options.clients);
		}
	}

	static long openFileLimit() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
			return unix.getMaxFileDescriptorCount();
		}
		return -1;
	}

	private static String now() {
		return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
	}

}
