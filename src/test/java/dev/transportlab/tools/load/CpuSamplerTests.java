package dev.transportlab.tools.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
			Thread.sleep(120);
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
			Thread.sleep(120);
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
