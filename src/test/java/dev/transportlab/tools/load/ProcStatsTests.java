package dev.transportlab.tools.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A process's figures from /proc: the bytes its write calls wrote are what the load
 * command divides into bytes per message, so a process that writes a known amount must
 * show that amount, and its write calls.
 */
class ProcStatsTests {

	private static final int MEGABYTE = 1 << 20;

	@Test
	void aJvmsJitCompilerThreadsAreFoundAndOtherProcessesHaveNone() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/self/io")), "needs Linux /proc");
		long self = ProcessHandle.current().pid();
		// this JVM has compiled the test framework by now: from nothing to now
		// is its whole compile time, from now to now none
		Map<Long, Long> now = ProcStats.compilerTicks(self);
		assertThat(ProcStats.compilerCpuSeconds(Map.of(), now)).isPositive()
			.isLessThanOrEqualTo(ProcStats.of(self).cpuSeconds());
		assertThat(ProcStats.compilerCpuSeconds(now, now)).isZero();
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		try {
			Map<Long, Long> none = ProcStats.compilerTicks(sleeper.pid());
			assertThat(none).isEmpty();
			assertThat(ProcStats.compilerCpuSeconds(none, none)).isNaN();
		}
		finally {
			sleeper.destroy();
		}
	}

	@Test
	void theBytesAndCallsOfAProcessWritesAreItsOwn(@TempDir Path dir) throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/self/io")), "needs Linux /proc");
		Path written = dir.resolve("written");
		Path ready = dir.resolve("ready");
		// one 1 MB write and one of 1 byte, then it waits to be read (-I -S -B: no site
		// packages, no bytecode files written)
		Process child = new ProcessBuilder("python3", "-I", "-S", "-B", "-c", "import os, time; os.write(1, b'x' * "
				+ MEGABYTE + "); os.write(1, b'y');" + " open('" + ready + "', 'x').close(); time.sleep(30)")
			.redirectOutput(written.toFile())
			.start();
		try {
			for (int i = 0; i < 200 && !Files.exists(ready); i++) {
				Thread.sleep(50);
			}
			ProcStats stats = ProcStats.of(child.pid());
			assertThat(Files.size(written)).isEqualTo(MEGABYTE + 1);
			// the two writes, and the interpreter's own start-up writes (a few kB at
			// most)
			assertThat(stats.writeBytes()).isBetween(MEGABYTE + 1L, MEGABYTE + 8192L);
			assertThat(stats.writeCalls()).isBetween(2L, 32L);
			assertThat(stats.rssBytes()).isPositive();
		}
		finally {
			child.destroy();
		}
	}

}
