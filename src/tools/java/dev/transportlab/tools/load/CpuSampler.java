package dev.transportlab.tools.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * CPU time (user + system, all threads) of processes, read through {@link ProcStats} on a
 * daemon thread of this JVM so that reading it costs them nothing: one process (the
 * comparison run's app) or this JVM's child processes as they appear (the storm's servers:
 * the new one's pid is known only once it is healthy, and its clients return before that).
 * A sample is {@code [System.nanoTime(), CPU nanoseconds]}; the CPU between two moments is
 * interpolated ({@link #between}) or taken from the samples within ({@link #cpuSeconds}).
 */
public final class CpuSampler implements AutoCloseable {

	private final Supplier<LongStream> pids;

	private final Map<Long, List<long[]>> samples = new ConcurrentHashMap<>();

	private final ScheduledExecutorService timer;

	/** The process that appeared last (with children: the newest server). */
	private volatile long newest;

	private CpuSampler(Supplier<LongStream> pids, String threadName) {
		this.pids = pids;
		this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, threadName);
			thread.setDaemon(true);
			return thread;
		});
	}

	/** The process {@code pid}; null if its /proc entry is not readable (not Linux, or no pid). */
	public static CpuSampler of(Long pid) {
		if (pid == null || ProcStats.cpuNanos(pid) < 0) {
			return null;
		}
		return new CpuSampler(() -> LongStream.of(pid), "cpu-" + pid);
	}

	/** This JVM's child processes, each from when it is first seen. */
	public static CpuSampler children() {
		return new CpuSampler(() -> ProcessHandle.current().children().mapToLong(ProcessHandle::pid), "cpu-children");
	}

	/** Takes a sample now, then one every {@code period} until {@link #close()}. */
	public CpuSampler start(Duration period) {
		sample();
		this.timer.scheduleAtFixedRate(this::sample, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
		return this;
	}

	private void sample() {
		this.pids.get().forEach(pid -> {
			long cpu = ProcStats.cpuNanos(pid);
			if (cpu >= 0) { // -1: gone
				this.samples.computeIfAbsent(pid, key -> {
					this.newest = key;
					return Collections.synchronizedList(new ArrayList<>());
				}).add(new long[] { System.nanoTime(), cpu });
			}
		});
	}

	/** The samples of {@code pid} so far, oldest first. */
	public List<long[]> samples(long pid) {
		List<long[]> list = this.samples.getOrDefault(pid, List.of());
		synchronized (list) {
			return new ArrayList<>(list);
		}
	}

	/** CPU nanoseconds used by {@code pid} from its start up to {@code nanoTime} (interpolated). */
	public long at(long pid, long nanoTime) {
		long[] before = null;
		for (long[] sample : samples(pid)) {
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

	/** CPU nanoseconds {@code pid} used between two moments (interpolated). */
	public long between(long pid, long fromNanos, long toNanos) {
		return at(pid, toNanos) - at(pid, fromNanos);
	}

	/** The newest process's CPU over the last second, % of one core (progress lines). */
	public double recentPercent() {
		long now = System.nanoTime();
		return peakPercent(samples(this.newest), now - 1_100_000_000L, now);
	}

	/**
	 * Highest CPU over any one-second span of the samples between {@code from} and
	 * {@code to}, % of one core (the whole span when it is shorter).
	 */
	public static double peakPercent(List<long[]> samples, long from, long to) {
		List<long[]> window = samples.stream().filter(s -> s[0] >= from && s[0] <= to).toList();
		if (window.size() < 2) {
			return 0;
		}
		double peak = 0;
		boolean anySecond = false;
		for (int i = 0, j = 0; i < window.size(); i++) {
			while (j < window.size() && window.get(j)[0] - window.get(i)[0] < 1_000_000_000L) {
				j++;
			}
			if (j < window.size()) {
				peak = Math.max(peak, percent(window.get(i), window.get(j)));
				anySecond = true;
			}
		}
		return anySecond ? peak : percent(window.get(0), window.get(window.size() - 1));
	}

	private static double percent(long[] from, long[] to) {
		return (double) (to[1] - from[1]) / (to[0] - from[0]) * 100;
	}

	/** CPU seconds used between {@code from} and {@code to} (the first and last sample within). */
	public static double cpuSeconds(List<long[]> samples, long from, long to) {
		List<long[]> window = samples.stream().filter(s -> s[0] >= from && s[0] <= to).toList();
		return window.size() < 2 ? 0 : (window.get(window.size() - 1)[1] - window.get(0)[1]) / 1e9;
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
