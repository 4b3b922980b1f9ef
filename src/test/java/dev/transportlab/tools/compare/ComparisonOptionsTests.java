package dev.transportlab.tools.compare;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ComparisonOptionsTests {

	@Test
	void defaultsMeasureEveryTransportAndRateWithAndWithoutCompressionInAboutThirteenMinutes() {
		ComparisonOptions options = ComparisonOptions.parse();
		assertThat(options.transports()).containsExactly("polling", "long-polling", "websocket", "sse", "fetch");
		assertThat(options.rates()).containsExactly(1, 10, 100, 1000);
		assertThat(options.markers()).containsExactly(100);
		assertThat(options.modes()).containsExactly("coalesced");
		assertThat(options.compression()).containsExactly("on", "off");
		assertThat(options.baseUrl()).isNull();
		assertThat(options.webdriverUrl()).isNull();
		assertThat(options.scenarioCount()).isEqualTo(40);
		assertThat(options.estimatedSeconds()).isBetween(660, 900);
		// low rates run longer, so that every scenario delivers a countable number of
		// events
		assertThat(options.durationFor(1)).isEqualTo(20);
		assertThat(options.durationFor(10)).isEqualTo(10);
		assertThat(options.durationFor(100)).isEqualTo(6);
		assertThat(options.durationFor(1000)).isEqualTo(6);
		assertThat(options.durationText()).isEqualTo("20 s at 1/s, 10 s at 10/s, 6 s at 100/s, 6 s at 1000/s");
	}

	@Test
	void readsEveryFlagInBothSpellings() {
		ComparisonOptions options = ComparisonOptions.parse("--base-url", "http://app:8080/",
				"--webdriver-url=http://selenium:4444/wd/hub", "--transports", "sse, websocket", "--rates", "10,100",
				"--markers=5", "--modes", "every", "--duration", "3", "--warmup", "0", "--poll-interval", "250",
				"--display-hz", "120", "--raf-min", "0.5", "--out", "/tmp/x", "--sources", "/src", "--server-pid", "42",
				"--jar", "/j.jar", "--server-jvm-args", "-Xmx2g", "--out-root", "/tmp/r");
		assertThat(options.baseUrl()).isEqualTo(URI.create("http://app:8080"));
		assertThat(options.webdriverUrl()).isEqualTo(URI.create("http://selenium:4444/wd/hub"));
		assertThat(options.transports()).containsExactly("sse", "websocket");
		assertThat(options.rates()).isEqualTo(List.of(10, 100));
		assertThat(options.markers()).containsExactly(5);
		assertThat(options.modes()).containsExactly("every");
		assertThat(options.durationFor(10)).isEqualTo(3);
		assertThat(options.durationFor(100)).isEqualTo(3);
		assertThat(options.warmupS()).isZero();
		assertThat(options.pollIntervalMs()).isEqualTo(250);
		assertThat(options.displayHz()).isEqualTo(120);
		assertThat(options.rafMin()).isEqualTo(0.5);
		assertThat(options.out()).isEqualTo(Path.of("/tmp/x"));
		assertThat(options.sources()).isEqualTo(Path.of("/src"));
		assertThat(options.serverPid()).isEqualTo(42L);
		assertThat(options.jar()).isEqualTo(Path.of("/j.jar"));
		assertThat(options.serverJvmArgs()).isEqualTo("-Xmx2g");
		// a running app cannot be restarted per setting: its own settings, and the relay
		// shows them
		assertThat(options.compression()).containsExactly(ComparisonOptions.AS_CONFIGURED);
		assertThat(options.reportDir(LocalDateTime.now())).isEqualTo(Path.of("/tmp/x"));
	}

	@Test
	void eachRunGetsItsOwnFolderUnlessOutIsGiven() {
		ComparisonOptions options = ComparisonOptions.parse("--out-root", "/tmp/runs");
		assertThat(options.reportDir(LocalDateTime.of(2026, 11, 28, 1, 2, 3)))
			.isEqualTo(Path.of("/tmp/runs/20261128-010203"));
	}

	@Test
	void rejectsWhatItCannotRun() {
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--transports", "pigeon"))
			.withMessageContaining("pigeon");
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--rates", "0"))
			.withMessageContaining("1..1000");
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--duration", "ten"))
			.withMessageContaining("whole numbers");
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--colour", "red"))
			.withMessageContaining("--colour");
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--base-url", "ftp://x"))
			.withMessageContaining("http");
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--rates"))
			.withMessageContaining("--rates");
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--compression", "zstd"))
			.withMessageContaining("zstd");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ComparisonOptions.parse("--base-url", "http://127.0.0.1:8080", "--compression", "on,off"))
			.withMessageContaining("cannot restart");
	}

	@Test
	void helpNamesEveryFlagWithItsDefault() {
		String help = ComparisonOptions.usage();
		for (String flag : List.of("--base-url", "--server-pid", "--webdriver-url", "--transports", "--rates",
				"--markers", "--modes", "--compression", "--duration", "--warmup", "--poll-interval", "--display-hz",
				"--raf-min", "--out", "--out-root", "--sources", "--jar", "--server-jvm-args", "--help")) {
			assertThat(help).contains(flag);
		}
		assertThat(help).contains("(default: 1,10,100,1000)", "(default: on,off", "(default: auto)", "(default: 100)",
				"events/s", "milliseconds", "seconds", "(default: target/comparison)");
		assertThat(help).doesNotContain("${DEFAULT-VALUE}");
	}

	@Test
	void refusesFramesThatAreNotNearTheDisplayRate() {
		List<Double> steady = java.util.Collections.nCopies(120, 16.67);
		assertThat(FrameCheck.of(steady, 60, 0.9).passed()).isTrue();
		List<Double> throttled = java.util.Collections.nCopies(20, 100.0);
		assertThat(FrameCheck.of(throttled, 60, 0.5).passed()).isFalse();
		List<Double> skipping = new java.util.ArrayList<>(java.util.Collections.nCopies(100, 16.67));
		skipping.addAll(java.util.Collections.nCopies(40, 50.0));
		assertThat(FrameCheck.of(skipping, 60, 0.9).passed()).isFalse();
	}

}
