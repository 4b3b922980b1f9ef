package dev.transportlab.tools.load;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.ServerOptions;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The leak check of docs/results/load.md: one server, several cycles of the load command
 * against it (clients connect, receive, disconnect), and the server's live heap after a
 * full GC once the clients are gone, after each cycle. The first cycle warms the server
 * up (classes, caches, pools); every later one must end within 10 % of it. The benchmark
 * feeds a cycle leaves behind are removed before each reading (a short idle timeout), and
 * the live feed's replay window is kept small so that its growth is not taken for a leak.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, showDefaultValues = true,
		description = "Connect/disconnect cycles against one server; its live heap after each.")
public final class SoakRun implements Callable<Integer> {

	@Option(names = "--cycles", description = "load command runs against the same server")
	int cycles = 5;

	@Option(names = "--clients", description = "clients per transport and cycle")
	int clients = 2000;

	@Option(names = "--transport", description = "transports of each cycle (comma list)")
	String transports = "sse,websocket";

	@Mixin
	ServerOptions server = new ServerOptions("target/soak", "-Xmx2g -XX:+UseSerialGC", "0");

	@Option(names = "--client-cpus", description = "taskset CPU list of this load generator")
	String clientCpus = "1";

	/** The heap and resident memory after one cycle. */
	record Reading(int cycle, long heapBytes, long rssBytes, String loadAverage, String noise) {

		Reading(int cycle, long heapBytes, long rssBytes, String loadAverage) {
			this(cycle, heapBytes, rssBytes, loadAverage, NoiseGuard.NOT_CHECKED);
		}

	}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		System.exit(new CommandLine(new SoakRun()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		PrintStream console = System.out;
		Files.createDirectories(this.server.out());
		List<String> appArgs = List.of("--lab.replay.size=200", "--lab.limits.bench-feed-idle-timeout=3s");
		List<Reading> readings = new ArrayList<>();
		try (AppProcess app = AppProcess.start(this.server.jar(), this.server.jvmArgs(), appArgs, this.server.out(), false, console,
				this.server.cpus())) {
			for (int cycle = 1; cycle <= this.cycles; cycle++) {
				console.printf("== soak cycle %d of %d: %d clients of %s%n", cycle, this.cycles, this.clients,
						this.transports);
				LoadOptions options = LoadOptions.parse("--base-url", app.baseUrl().toString(), "--server-pid",
						app.pid().toString(), "--transport", this.transports, "--clients",
						Integer.toString(this.clients), "--ramp-up", "5", "--duration", "5", "--client-cpus",
						this.clientCpus, "--out", this.server.out().resolve("cycle-" + cycle).toString(), "--quiet");
				List<TransportResult> results = LoadCommand.run(options, console);
				Thread.sleep(8000); // the cycle's benchmark feeds time out (3 s) and go
				AppProcess.Memory memory = app.memory();
				Reading reading = new Reading(cycle, memory.heapBytes(), memory.rssBytes(), ProcStats.loadAverage(),
						NoiseGuard.Verdict.worst(results.stream().map(TransportResult::noise).toList(),
								NoiseGuard.DEFAULT_THRESHOLD_CORES)
							.status());
				readings.add(reading);
				console.printf("   after cycle %d: live heap %s, RSS %s, load average %s%n", cycle,
						Report.bytes(reading.heapBytes()), Report.bytes(reading.rssBytes()), reading.loadAverage());
			}
		}
		String md = markdown(readings).toString();
		Files.writeString(this.server.out().resolve("soak.md"), md);
		console.println();
		console.print(md);
		return withinTenPercent(readings) ? 0 : 1;
	}

	/** The rule as stated: every cycle's live heap within 10 % of cycle 1's, either way. */
	static boolean withinTenPercent(List<Reading> readings) {
		return outside(readings).isEmpty();
	}

	/** The cycles whose live heap ended more than 10 % above or below cycle 1's. */
	static List<Reading> outside(List<Reading> readings) {
		long first = readings.get(0).heapBytes();
		return readings.stream().filter(r -> Math.abs(r.heapBytes() - first) > first * 0.1).toList();
	}

	StringBuilder markdown(List<Reading> readings) {
		StringBuilder md = new StringBuilder("# Soak: connect/disconnect cycles against one server\n\n");
		md.append(String.format(Locale.ROOT,
				"%d cycles of %,d clients per transport (%s), 5 s ramp-up and 5 s measured each; server `%s` on "
						+ "CPUs %s, this tool on %s; live heap = heap used after `jcmd GC.run`, once the cycle's "
						+ "clients and benchmark feeds are gone.%n%n",
				this.cycles, this.clients, this.transports, this.server.jvmArgs(), this.server.cpus(), this.clientCpus));
		md.append("| after cycle | live heap | vs cycle 1 | RSS | load average | noise guard |\n|---:|---:|---:|---:|---|---|\n");
		long first = readings.get(0).heapBytes();
		for (Reading r : readings) {
			md.append(String.format(Locale.ROOT, "| %d | %s | %+.1f %% | %s | %s | %s |%n", r.cycle(),
					Report.bytes(r.heapBytes()), 100.0 * (r.heapBytes() - first) / first, Report.bytes(r.rssBytes()),
					r.loadAverage(), r.noise()));
		}
		md.append('\n').append(verdict(readings)).append('\n');
		return md;
	}

	/** The verdict line: the 10 % rule's answer, and which way the cycles outside it went. */
	static String verdict(List<Reading> readings) {
		List<Reading> outside = outside(readings);
		if (outside.isEmpty()) {
			return "Every cycle within 10 % of cycle 1: **yes**";
		}
		long first = readings.get(0).heapBytes();
		boolean grew = outside.stream().anyMatch(r -> r.heapBytes() > first);
		return "Every cycle within 10 % of cycle 1: **no**: cycles "
				+ String.join(", ", outside.stream().map(r -> Integer.toString(r.cycle())).toList())
				+ " ended outside it. "
				+ (grew ? "The live heap grew by more than 10 %: a possible leak."
						: "None grew above it (no sign of a leak), but cycle 1 is no steady baseline: the live heap "
								+ "fell after it.");
	}

}
