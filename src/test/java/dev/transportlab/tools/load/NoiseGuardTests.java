package dev.transportlab.tools.load;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The guard's arithmetic on recorded /proc samples: what the machine used minus what the
 * measured processes used, per second of the window, against the threshold.
 */
class NoiseGuardTests {

	private static final long SECOND = 1_000_000_000L;

	/**
	 * Recorded from this machine's /proc/stat: user nice system idle iowait irq softirq
	 * steal guest guest_nice.
	 */
	@Test
	void busyTicksAreUserNiceSystemAndSteal() {
		String stat = "cpu  16222 7 8209 23810 457 3 272 11 0 0\ncpu0 7249 0 3513 13569 40 0 97 0 0 0\n";
		assertThat(ProcStats.busyTicks(stat)).isEqualTo(16222 + 7 + 8209 + 11);
	}

	@Test
	void processTicksAreUtimePlusStimeEvenWithSpacesInTheName() {
		String stat = "4242 (Web Content) S 1 4242 4242 0 -1 4194560 1234 0 0 0 731 245 0 0 20 0 31 0 5550 0 0";
		assertThat(ProcStats.cpuTicks(stat)).isEqualTo(731 + 245);
	}

	@Test
	void aQuietMachineIsClean() {
		// 10 s: the machine used 1.52 cores, the server and the browser 1.50 of them
		List<NoiseGuard.Snapshot> samples = List.of(snapshot(0, 1000, Map.of(1L, 100L, 2L, 50L)),
				snapshot(5, 1760, Map.of(1L, 600L, 2L, 300L)), snapshot(10, 2520, Map.of(1L, 1100L, 2L, 550L)));
		NoiseGuard.Verdict verdict = NoiseGuard.judge(samples, 0.05);
		assertThat(verdict.status()).isEqualTo(NoiseGuard.CLEAN);
		assertThat(verdict.machineCores()).isCloseTo(1.52, within(1e-9));
		assertThat(verdict.measuredCores()).isCloseTo(1.50, within(1e-9));
		assertThat(verdict.otherCores()).isCloseTo(0.02, within(1e-9));
	}

	@Test
	void twoHogsMakeItDisturbed() {
		// the same measured work, and two busy loops filling what was left of both cores
		List<NoiseGuard.Snapshot> samples = List.of(snapshot(0, 1000, Map.of(1L, 100L)),
				snapshot(10, 3000, Map.of(1L, 1100L)));
		NoiseGuard.Verdict verdict = NoiseGuard.judge(samples, 0.05);
		assertThat(verdict.status()).isEqualTo(NoiseGuard.DISTURBED);
		assertThat(verdict.otherCores()).isCloseTo(1.0, within(1e-9));
		assertThat(verdict.summary()).isEqualTo("disturbed (other 100.0 % of a core, limit 5 %)");
	}

	@Test
	void justOverTheThresholdIsDisturbedAndJustUnderIsClean() {
		// 20 s at 5 % of a core = 100 ticks of other
		assertThat(NoiseGuard.judge(List.of(snapshot(0, 0, Map.of()), snapshot(20, 101, Map.of())), 0.05).status())
			.isEqualTo(NoiseGuard.DISTURBED);
		assertThat(NoiseGuard.judge(List.of(snapshot(0, 0, Map.of()), snapshot(20, 99, Map.of())), 0.05).status())
			.isEqualTo(NoiseGuard.CLEAN);
		// a higher threshold (--noise-threshold) lets the same window pass
		assertThat(NoiseGuard.judge(List.of(snapshot(0, 0, Map.of()), snapshot(20, 101, Map.of())), 0.10).status())
			.isEqualTo(NoiseGuard.CLEAN);
	}

	@Test
	void aProcessStartedInTheWindowCountsAllItsTicksAsMeasured() {
		// a renderer started between the samples: its 300 ticks are the browser's, not
		// other
		List<NoiseGuard.Snapshot> samples = List.of(snapshot(0, 0, Map.of(1L, 10L)),
				snapshot(10, 400, Map.of(1L, 110L, 7L, 300L)));
		NoiseGuard.Verdict verdict = NoiseGuard.judge(samples, 0.05);
		assertThat(verdict.measuredCores()).isCloseTo(0.40, within(1e-9));
		assertThat(verdict.status()).isEqualTo(NoiseGuard.CLEAN);
	}

	@Test
	void withoutProcItIsNotCheckedNeverClean() {
		NoiseGuard.Verdict verdict = NoiseGuard.judge(java.util.Arrays.asList(null, null), 0.05);
		assertThat(verdict.status()).isEqualTo(NoiseGuard.NOT_CHECKED);
		assertThat(verdict.clean()).isFalse();
		assertThat(NoiseGuard.Verdict
			.worst(List.of(NoiseGuard.judge(List.of(snapshot(0, 0, Map.of()), snapshot(10, 0, Map.of())), 0.05),
					verdict), 0.05)
			.status()).isEqualTo(NoiseGuard.NOT_CHECKED);
	}

	@Test
	void aRealWindowOnLinuxGivesAVerdict() {
		NoiseGuard.Window window = new NoiseGuard(0.05).start();
		long until = System.nanoTime() + SECOND / 2;
		long spin = 0;
		while (System.nanoTime() < until) {
			spin++; // this JVM's own work is measured, whatever the rest of the machine
					// does
		}
		NoiseGuard.Verdict verdict = window.stop();
		assertThat(spin).isPositive();
		if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat"))) {
			// CI may be busy: the status may be either, but the figures are there and
			// this JVM was counted
			assertThat(verdict.status()).isIn(NoiseGuard.CLEAN, NoiseGuard.DISTURBED);
			assertThat(verdict.measuredCores()).isPositive();
			assertThat(verdict.seconds()).isGreaterThan(0.4);
		}
		else {
			assertThat(verdict.status()).isEqualTo(NoiseGuard.NOT_CHECKED);
		}
	}

	private static NoiseGuard.Snapshot snapshot(long seconds, long machineTicks, Map<Long, Long> processes) {
		return new NoiseGuard.Snapshot(seconds * SECOND, machineTicks, processes);
	}

}
