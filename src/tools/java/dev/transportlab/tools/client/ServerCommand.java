package dev.transportlab.tools.client;

import java.util.ArrayList;
import java.util.List;

/**
 * How the tools start a server process to measure: with a raised open-files limit (each
 * connection is a descriptor; the usual soft limit is 1,024) and, if asked, pinned to CPUs
 * with {@code taskset -c}. The shell {@code exec}s the server, so its pid is the server's.
 */
public final class ServerCommand {

	/** As high as the kernel allows by default (fs.nr_open); else up to the hard limit. */
	static final int OPEN_FILES = 1_048_576;

	private ServerCommand() {
	}

	/** {@code command}, run under {@code ulimit -n} and {@code taskset -c cpus} (none if blank). */
	public static List<String> wrap(List<String> command, String cpus) {
		List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
				"ulimit -n " + OPEN_FILES + " 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; exec \"$@\"", "server"));
		if (cpus != null && !cpus.isBlank()) {
			wrapped.addAll(List.of("taskset", "-c", cpus.strip()));
		}
		wrapped.addAll(command);
		return wrapped;
	}

}
