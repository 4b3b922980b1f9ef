package dev.transportlab.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's own figures from /proc, the same way for every server (a JVM, an nginx
 * worker, Node): CPU time (user + system), resident memory, and write system calls
 * ({@code syscw}: write and writev, which is how all three put bytes on a socket). Public
 * for the measurement tools (tools/measure), which read their servers the same way.
 */
public record ProcStats(double cpuSeconds, long rssBytes, long writeCalls) {

	/** USER_HZ: /proc/PID/stat counts CPU time in these ticks (100 on Linux everywhere). */
	private static final double TICKS_PER_SECOND = 100.0;

	static final ProcStats NONE = new ProcStats(Double.NaN, -1, -1);

	public static ProcStats of(Long pid) {
		if (pid == null) {
			return NONE;
		}
		try {
			double cpu = cpuTicks(Files.readString(Path.of("/proc", pid.toString(), "stat"))) / TICKS_PER_SECOND;
			long rss = -1;
			for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
				if (line.startsWith("VmRSS:")) {
					rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
			long writes = -1;
			for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "io"))) {
				if (line.startsWith("syscw:")) {
					writes = Long.parseLong(line.substring(6).strip());
				}
			}
			return new ProcStats(cpu, rss, writes);
		}
		catch (IOException | RuntimeException ex) {
			return NONE;
		}
	}

	/**
	 * utime + stime of a /proc/PID/stat line, in ticks (USER_HZ): the one reader of that file
	 * for every tool (the load command, the comparison run's ServerCpu, the NoiseGuard).
	 */
	public static long cpuTicks(String statLine) {
		// the command name in parentheses may hold spaces: fields count from after it
		String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** The children of {@code pid} (e.g. nginx's worker), from /proc/PID/task/PID/children. */
	static List<Long> children(long pid) {
		List<Long> children = new ArrayList<>();
		try {
			String text = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"));
			for (String child : text.strip().split("\\s+")) {
				if (!child.isEmpty()) {
					children.add(Long.valueOf(child));
				}
			}
		}
		catch (IOException ex) {
			// gone or not Linux: none known
		}
		return children;
	}

	/** The one-, five- and fifteen-minute load averages as /proc/loadavg says them. */
	public static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

}
