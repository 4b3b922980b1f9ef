package dev.transportlab.tools.load;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.transportlab.tools.client.Threads;

/**
 * Whether anything but the measured processes used the machine while a scenario ran: it
 * samples the whole machine's busy time (/proc/stat) and the measured processes' own CPU
 * (/proc/PID/stat of this JVM and everything it started, such as the app, chromedriver and
 * Chromium, plus any pid given) four times a second. CPU used by anything else above the
 * threshold (cores, averaged over the window) marks the window <b>disturbed</b>: on a
 * shared machine another process's work shows up in latency and FPS, and the figures would
 * be about that process. Off Linux nothing is readable and the verdict is "not checked",
 * never "clean". Shared by every measuring command.
 */
public final class NoiseGuard {

	/** 5 % of one core, averaged over the window. */
	public static final double DEFAULT_THRESHOLD_CORES = 0.05;

	public static final String CLEAN = "clean";

	public static final String DISTURBED = "disturbed";

	public static final String NOT_CHECKED = "not checked";

	private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private final double thresholdCores;

	private final Collection<Long> extraRoots;

	/** Measures this JVM's process tree, and {@code extraRoots}' trees (an app attached by pid). */
	public NoiseGuard(double thresholdCores, Collection<Long> extraRoots) {
		this.thresholdCores = thresholdCores;
		this.extraRoots = List.copyOf(extraRoots);
	}

	public NoiseGuard(double thresholdCores) {
		this(thresholdCores, List.of());
	}

	public double thresholdCores() {
		return this.thresholdCores;
	}

	/** Starts sampling; {@link Window#stop()} gives the verdict over the time between. */
	public Window start() {
		return new Window();
	}

	/** One reading of the machine and the measured processes (pid to ticks). */
	record Snapshot(long nanos, long machineTicks, Map<Long, Long> processTicks) {

		/** Null where /proc is not readable (not Linux). */
		static Snapshot read(Collection<Long> roots) {
			try {
				long machine = ProcStats.machineBusyTicks();
				Map<Long, Long> ticks = new HashMap<>();
				for (long pid : tree(roots)) {
					try {
						ticks.put(pid, ProcStats.cpuTicks(pid));
					}
					catch (IOException | RuntimeException ex) {
						// it ended between the listing and the reading
					}
				}
				return new Snapshot(System.nanoTime(), machine, ticks);
			}
			catch (IOException | RuntimeException ex) {
				return null;
			}
		}

		/**
		 * Ticks the measured processes used from {@code previous} to this: a process seen in
		 * both counts its difference, one new here counts all its ticks (it started in between);
		 * one gone since loses its last fraction of a period (counted as other: the safe side).
		 */
		long measuredSince(Snapshot previous) {
			long sum = 0;
			for (Map.Entry<Long, Long> e : this.processTicks.entrySet()) {
				Long before = previous.processTicks.get(e.getKey());
				sum += (before == null) ? e.getValue() : Math.max(0, e.getValue() - before);
			}
			return sum;
		}

	}

	/** The roots and all their descendants. */
	static Set<Long> tree(Collection<Long> roots) {
		Set<Long> pids = new LinkedHashSet<>();
		for (Long root : roots) {
			if (root == null) {
				continue;
			}
			pids.add(root);
			ProcessHandle.of(root).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
		}
		return pids;
	}

	/** The verdict over a series of snapshots (the arithmetic of a window, for recorded samples). */
	static Verdict judge(List<Snapshot> snapshots, double thresholdCores) {
		if (snapshots.size() < 2 || snapshots.stream().anyMatch(java.util.Objects::isNull)) {
			return Verdict.notChecked(thresholdCores);
		}
		long measured = 0;
		for (int i = 1; i < snapshots.size(); i++) {
			measured += snapshots.get(i).measuredSince(snapshots.get(i - 1));
		}
		Snapshot first = snapshots.get(0);
		Snapshot last = snapshots.get(snapshots.size() - 1);
		return Verdict.of(last.machineTicks() - first.machineTicks(), measured, (last.nanos() - first.nanos()) / 1e9,
				thresholdCores);
	}

	/**
	 * What the guard saw over a window, in cores (1.0 = one core busy the whole window).
	 *
	 * @param status {@link #CLEAN}, {@link #DISTURBED} or {@link #NOT_CHECKED}
	 * @param otherCores the machine's busy time not used by the measured processes
	 */
	public record Verdict(String status, double otherCores, double measuredCores, double machineCores,
			double seconds, double thresholdCores) {

		public static Verdict of(long machineTicks, long measuredTicks, double seconds, double thresholdCores) {
			if (seconds <= 0) {
				return notChecked(thresholdCores);
			}
			double machine = machineTicks / ProcStats.TICKS_PER_SECOND / seconds;
			double measured = measuredTicks / ProcStats.TICKS_PER_SECOND / seconds;
			// ticks are sampled at different moments: the measured side can come out a tick above
			double other = Math.max(0, machine - measured);
			return new Verdict(other > thresholdCores ? DISTURBED : CLEAN, other, measured, machine, seconds,
					thresholdCores);
		}

		public static Verdict notChecked(double thresholdCores) {
			return new Verdict(NOT_CHECKED, Double.NaN, Double.NaN, Double.NaN, 0, thresholdCores);
		}

		public boolean disturbed() {
			return DISTURBED.equals(this.status);
		}

		public boolean clean() {
			return CLEAN.equals(this.status);
		}

		/** "clean (other 1.2 % of a core, limit 5 %)", or "not checked (no /proc)". */
		public String summary() {
			if (NOT_CHECKED.equals(this.status)) {
				return NOT_CHECKED + " (no /proc: not Linux)";
			}
			return String.format(Locale.ROOT, "%s (other %.1f %% of a core, limit %.0f %%)", this.status,
					this.otherCores * 100, this.thresholdCores * 100);
		}

		/** The other-CPU figure alone: "1.2 %" or "n/a". */
		public String otherPercent() {
			return Double.isNaN(this.otherCores) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", this.otherCores * 100);
		}

		/** The worse of several windows (the whole run's header line). */
		public static Verdict worst(Collection<Verdict> verdicts, double thresholdCores) {
			Verdict worst = null;
			for (Verdict v : verdicts) {
				if (v == null || NOT_CHECKED.equals(v.status)) {
					return notChecked(thresholdCores);
				}
				if (worst == null || v.otherCores > worst.otherCores) {
					worst = v;
				}
			}
			return worst == null ? notChecked(thresholdCores) : worst;
		}

	}

	/** Sampling between {@link NoiseGuard#start()} and {@link #stop()}, on its own daemon thread. */
	public final class Window implements AutoCloseable {

		private final List<Long> roots;

		private final Snapshot first;

		private Snapshot last;

		private long measured;

		private boolean unreadable;

		private final Thread sampler;

		private Verdict verdict;

		/** A flag, not an interrupt: an interrupt would close a /proc read half way (NIO) and lose the window. */
		private volatile boolean running = true;

		private Window() {
			List<Long> all = new java.util.ArrayList<>(NoiseGuard.this.extraRoots);
			all.add(ProcessHandle.current().pid());
			this.roots = all;
			this.first = Snapshot.read(all);
			this.last = this.first;
			this.unreadable = this.first == null;
			this.sampler = this.unreadable ? null : Threads.start("noise-guard", this::run);
		}

		private void run() {
			long tick = System.nanoTime();
			while (this.running) {
				tick += PERIOD_NANOS;
				long wait = tick - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				if (!this.running) {
					return;
				}
				step();
			}
		}

		private synchronized void step() {
			Snapshot now = Snapshot.read(this.roots);
			if (now == null) {
				this.unreadable = true;
				return;
			}
			this.measured += now.measuredSince(this.last);
			this.last = now;
		}

		/** Stops sampling (idempotent) and gives the verdict over the whole window. */
		public Verdict stop() {
			synchronized (this) {
				if (this.verdict != null) {
					return this.verdict;
				}
			}
			this.running = false;
			if (this.sampler != null) {
				LockSupport.unpark(this.sampler);
				try {
					this.sampler.join(2000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			synchronized (this) {
				if (!this.unreadable) {
					step();
				}
				this.verdict = this.unreadable ? Verdict.notChecked(NoiseGuard.this.thresholdCores)
						: Verdict.of(this.last.machineTicks() - this.first.machineTicks(), this.measured,
								(this.last.nanos() - this.first.nanos()) / 1e9, NoiseGuard.this.thresholdCores);
				return this.verdict;
			}
		}

		@Override
		public void close() {
			stop();
		}

	}

}
