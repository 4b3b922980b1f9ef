package dev.transportlab.tools.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one CPU sampler: this JVM's own CPU, read through ProcStats, interpolated between
 * samples.
 */
class CpuSamplerTests {

	@Test
	void samplesThisJvmAndInterpolatesBetweenSamples() throws Exception {
		long pid = ProcessHandle.current().pid();
		try (CpuSampler cpu = CpuSampler.of(pid)) {
			assertThat(cpu).isNotNull();
			cpu.start(Duration.ofMillis(50));
			// a sample on each side of the spin, awaited: after a fixed sleep the sampler
			// thread may not have run yet on a crowded machine, and a missing sample
			// cuts the interpolated CPU short
			await().atMost(Duration.ofSeconds(10)).until(() -> cpu.samples(pid).size() >= 2);
			long from = System.nanoTime();
			// 300 ms of this thread's own CPU time, however long a crowded machine takes
			// to give it
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long spinUntil = threads.getCurrentThreadCpuTime() + 300_000_000L;
			double sink = 0;
			while (threads.getCurrentThreadCpuTime() < spinUntil) {
				sink += Math.sqrt(sink + 1);
			}
			long to = System.nanoTime();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> cpu.samples(pid).stream().anyMatch(sample -> sample[0] > to));
			assertThat(sink).isPositive();
			// the process used at least that (less a tick or two of sampling at each end)
			assertThat(cpu.between(pid, from, to)).isGreaterThan(250_000_000L);
			assertThat(cpu.at(pid, to)).isGreaterThanOrEqualTo(cpu.at(pid, from));
			assertThat(cpu.samples(pid)).hasSizeGreaterThan(3);
		}
		assertThat(CpuSampler.of(null)).isNull();
	}

	@Test
	void cpuOfAProcessIsItsStatTicksInNanoseconds() {
		long pid = ProcessHandle.current().pid();
		long nanos = ProcStats.cpuNanos(pid);
		assertThat(nanos).isPositive();
		assertThat(nanos % 10_000_000L).isZero(); // whole ticks of USER_HZ 100
		assertThat(ProcStats.cpuNanos(Long.MAX_VALUE)).isEqualTo(-1); // no such process
	}

}
