package dev.transportlab.tools.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's own figures from /proc, the same way for every server (a JVM, an nginx
 * worker, Node): CPU time (user + system), resident memory, write system calls
 * ({@code syscw}: write and writev, which is how all three put bytes on a socket) and the
 * bytes they wrote ({@code wchar}: sockets and files alike; the servers measured log
 * nothing per message, nginx's access log is off). The one
 * reader of /proc/PID/stat and /proc/stat for every tool (the load command, the comparison
 * run, the noise guard, the storm and scaling runs, through {@link CpuSampler} where they
 * sample); public for compare/ and measure/.
 */
public record ProcStats(double cpuSeconds, long rssBytes, long writeCalls, long writeBytes) {

	/** USER_HZ: /proc/stat and /proc/PID/stat count CPU time in these ticks (100 on Linux everywhere). */
	static final double TICKS_PER_SECOND = 100.0;

	private static final long NANOS_PER_TICK = 10_000_000L;

	static final ProcStats NONE = new ProcStats(Double.NaN, -1, -1, -1);

	public static ProcStats of(Long pid) {
		if (pid == null) {
			return NONE;
		}
		try {
			double cpu = cpuTicks(stat(pid)) / TICKS_PER_SECOND;
			long rss = -1;
			for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
				if (line.startsWith("VmRSS:")) {
					rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
			long writes = -1;
			long written = -1;
			for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "io"))) {
				if (line.startsWith("syscw:")) {
					writes = Long.parseLong(line.substring(6).strip());
				}
				else if (line.startsWith("wchar:")) {
					written = Long.parseLong(line.substring(6).strip());
				}
			}
			return new ProcStats(cpu, rss, writes, written);
		}
		catch (IOException | RuntimeException ex) {
			return NONE;
		}
	}

	/** utime + stime of the process in nanoseconds, or -1 when it is gone (or this is not Linux). */
	public static long cpuNanos(long pid) {
		try {
			return cpuTicks(stat(pid)) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * CPU ticks (user + system) of each of a JVM's JIT compiler threads ("C1
	 * CompilerThread0", "C2 CompilerThread1", ...; /proc cuts thread names at 15
	 * characters), by thread id; empty when the process has none (not a JVM) or is gone. A
	 * JVM that serves a load seconds after its start is still compiling: that CPU is the
	 * server's, but not what a message costs a JVM that has run for an hour.
	 */
	public static Map<Long, Long> compilerTicks(Long pid) {
		Map<Long, Long> ticks = new HashMap<>();
		if (pid == null) {
			return ticks;
		}
		try (var tasks = Files.list(Path.of("/proc", pid.toString(), "task"))) {
			for (Path task : tasks.toList()) {
				try {
					String name = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).strip();
					if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
						ticks.put(Long.valueOf(task.getFileName().toString()),
								cpuTicks(Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII)));
					}
				}
				catch (IOException ex) {
					// the thread ended while we listed them
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// gone or not Linux: none known
		}
		return ticks;
	}

	/**
	 * The compiler threads' CPU seconds between two {@link #compilerTicks} readings; NaN
	 * when neither found any. The JVM starts and stops compiler threads as it needs them: one
	 * started in between counts whole, one that ended in between is missing, so this is a
	 * lower bound.
	 */
	public static double compilerCpuSeconds(Map<Long, Long> start, Map<Long, Long> end) {
		if (start.isEmpty() && end.isEmpty()) {
			return Double.NaN;
		}
		long ticks = 0;
		for (Map.Entry<Long, Long> thread : end.entrySet()) {
			ticks += thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
		}
		return ticks / TICKS_PER_SECOND;
	}

	/** utime + stime of the process in ticks (USER_HZ). */
	static long cpuTicks(long pid) throws IOException {
		return cpuTicks(stat(pid));
	}

	private static String stat(long pid) throws IOException {
		return Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
	}

	/** utime + stime of a /proc/PID/stat line, in ticks (USER_HZ). */
	static long cpuTicks(String statLine) {
		// the command name in parentheses may hold spaces: fields count from after it
		String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** The machine's busy ticks (USER_HZ) since boot, all cores: see {@link #busyTicks(String)}. */
	static long machineBusyTicks() throws IOException {
		return busyTicks(Files.readString(Path.of("/proc/stat"), StandardCharsets.US_ASCII));
	}

	/** The busy ticks of the first line of /proc/stat: user + nice + system + steal. */
	static long busyTicks(String procStat) {
		String[] f = procStat.substring(0, procStat.indexOf('\n') < 0 ? procStat.length() : procStat.indexOf('\n'))
			.strip()
			.split("\\s+");
		if (!f[0].equals("cpu")) {
			throw new IllegalArgumentException("not /proc/stat: " + f[0]);
		}
		// irq and softirq are left out: the kernel's network work for the measured processes lands there;
		// steal is in: a neighbour on the host took our CPU; guest is already inside user
		long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
		return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + steal;
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
