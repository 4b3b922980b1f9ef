package dev.transportlab.tools.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.transportlab.tools.load.ProcStats;

/**
 * The app's CPU time (user + system, all threads) from /proc/PID/stat, sampled every 50 ms
 * on a thread of this JVM, so that reading it costs the app nothing. {@link #at(long)} gives
 * the CPU time at any moment of the run by interpolation, so a scenario's CPU is counted over
 * exactly the span its transport's bytes crossed the relay.
 */
final class ServerCpu implements AutoCloseable {

	/** USER_HZ: the unit of /proc/PID/stat times; 100 on every Linux this runs on. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	private final Path stat;

	private final List<long[]> samples = new ArrayList<>();

	private final Thread sampler;

	private volatile boolean closed;

	private ServerCpu(long pid) {
		this.stat = Path.of("/proc", Long.toString(pid), "stat");
		this.sampler = new Thread(this::sample, "server-cpu");
		this.sampler.setDaemon(true);
	}

	/** Sampling the process {@code pid}; null if its /proc entry is not readable (not Linux, or no pid). */
	static ServerCpu start(Long pid) {
		if (pid == null || !Files.isReadable(Path.of("/proc", pid.toString(), "stat"))) {
			return null;
		}
		ServerCpu cpu = new ServerCpu(pid);
		cpu.record();
		cpu.sampler.start();
		return cpu;
	}

	/** CPU nanoseconds used by the app from its start up to {@code nanoTime} (interpolated). */
	synchronized long at(long nanoTime) {
		long[] before = null;
		for (long[] sample : this.samples) {
			if (sample[0] <= nanoTime) {
				before = sample;
			}
			else {
				if (before == null) {
					return sample[1];
				}
				double share = (double) (nanoTime - before[0]) / (sample[0] - before[0]);
				return before[1] + Math.round(share * (sample[1] - before[1]));
			}
		}
		return before == null ? 0 : before[1];
	}

	/** CPU nanoseconds used between two moments. */
	long between(long fromNanos, long toNanos) {
		return at(toNanos) - at(fromNanos);
	}

	/** utime + stime of a /proc/PID/stat line, in nanoseconds. */
	static long cpuNanos(String statLine) {
		return ProcStats.cpuTicks(statLine) * NANOS_PER_TICK;
	}

	private void sample() {
		while (!this.closed) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				return;
			}
			record();
		}
	}

	private void record() {
		try {
			long cpu = cpuNanos(Files.readString(this.stat, StandardCharsets.US_ASCII));
			synchronized (this) {
				this.samples.add(new long[] { System.nanoTime(), cpu });
			}
		}
		catch (IOException | RuntimeException ex) {
			this.closed = true; // the process is gone
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.sampler.interrupt();
	}

}
