package dev.transportlab.tools.compare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCpuTests {

	@Test
	void readsUserAndSystemTimeAfterACommandNameWithSpaces() {
		// pid (comm) state ppid ... field 14 utime = 250, field 15 stime = 50 ticks
		String stat = "4242 (java main) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 40 0 100 0 0";
		assertThat(ServerCpu.cpuNanos(stat)).isEqualTo(300 * 10_000_000L);
	}

	@Test
	void samplesThisJvmAndInterpolatesBetweenSamples() throws Exception {
		try (ServerCpu cpu = ServerCpu.start(ProcessHandle.current().pid())) {
			assertThat(cpu).isNotNull();
			Thread.sleep(120);
			long from = System.nanoTime();
			// 300 ms of this thread's own CPU time, however long a crowded machine takes
			// to give it
			java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
			long spinUntil = threads.getCurrentThreadCpuTime() + 300_000_000L;
			double sink = 0;
			while (threads.getCurrentThreadCpuTime() < spinUntil) {
				sink += Math.sqrt(sink + 1);
			}
			long to = System.nanoTime();
			Thread.sleep(120);
			assertThat(sink).isPositive();
			// the process used at least that (less a tick or two of sampling at each end)
			assertThat(cpu.between(from, to)).isGreaterThan(250_000_000L);
			assertThat(cpu.at(to)).isGreaterThanOrEqualTo(cpu.at(from));
		}
		assertThat(ServerCpu.start(null)).isNull();
	}

}
