package dev.transportlab.tools.compare;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.transportlab.tools.load.ProcStats;

/** The machine line of the report: where the figures come from, and how busy it was. */
final class Machine {

	private Machine() {
	}

	static Map<String, String> describe(String loadBefore) {
		Map<String, String> machine = new LinkedHashMap<>();
		machine.put("host", hostName());
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
				+ System.getProperty("os.arch") + ")");
		machine.put("cpu", cpuModel());
		machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
		machine.put("memory", memory());
		machine.put("loadBefore", loadBefore);
		machine.put("loadAfter", loadAverage());
		return machine;
	}

	/** 1, 5 and 15 minute load averages, as uptime prints them. */
	static String loadAverage() {
		String proc = ProcStats.loadAverage();
		if (!proc.equals("unknown")) {
			return proc.replace(" ", ", ");
		}
		double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		return load < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f", load);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter(line -> line.startsWith("model name"))
				.map(line -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst()
				.orElse(System.getProperty("os.arch"));
		}
		catch (IOException ex) {
			return System.getProperty("os.arch");
		}
	}

	private static String memory() {
		try {
			return Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter(line -> line.startsWith("MemTotal"))
				.map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

}
