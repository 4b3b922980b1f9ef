package dev.transportlab.tools.compare;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ComparisonOptionsTests {

	@Test
	void defaultsMeasureTheTargetsInAboutFiveMinutes() {
		ComparisonOptions options = ComparisonOptions.parse();
		assertThat(options.transports()).containsExactly("polling", "long-polling", "websocket", "sse");
		assertThat(options.rates()).containsExactly(100, 1000);
		assertThat(options.markers()).containsExactly(100);
		assertThat(options.modes()).containsExactly("coalesced", "every");
		assertThat(options.baseUrl()).isNull();
		assertThat(options.webdriverUrl()).isNull();
		assertThat(options.scenarioCount()).isEqualTo(16);
		assertThat(options.estimatedSeconds()).isBetween(200, 330);
	}

	@Test
	void readsEveryFlagInBothSpellings() {
		ComparisonOptions options = ComparisonOptions.parse("--base-url", "http://app:8080/",
				"--webdriver-url=http://selenium:4444/wd/hub", "--transports", "sse, websocket", "--rates", "10,100",
				"--markers=5", "--modes", "every", "--duration", "3", "--warmup", "0", "--poll-interval", "250",
				"--display-hz", "120", "--raf-min", "0.5", "--out", "/tmp/x", "--sources", "/src");
		assertThat(options.baseUrl()).isEqualTo(URI.create("http://app:8080"));
		assertThat(options.webdriverUrl()).isEqualTo(URI.create("http://selenium:4444/wd/hub"));
		assertThat(options.transports()).containsExactly("sse", "websocket");
		assertThat(options.rates()).isEqualTo(List.of(10, 100));
		assertThat(options.markers()).containsExactly(5);
		assertThat(options.modes()).containsExactly("every");
		assertThat(options.durationS()).isEqualTo(3);
		assertThat(options.warmupS()).isZero();
		assertThat(options.pollIntervalMs()).isEqualTo(250);
		assertThat(options.displayHz()).isEqualTo(120);
		assertThat(options.rafMin()).isEqualTo(0.5);
		assertThat(options.out()).isEqualTo(Path.of("/tmp/x"));
		assertThat(options.sources()).isEqualTo(Path.of("/src"));
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
			.withMessageContaining("Unknown flag");
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--base-url", "ftp://x"))
			.withMessageContaining("http");
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--rates"))
			.withMessageContaining("needs a value");
	}

	@Test
	void refusesFramesThatAreNotNearTheDisplayRate() {
		List<Double> steady = java.util.Collections.nCopies(120, 16.67);
		assertThat(ComparisonRun.FrameCheck.of(steady, 60, 0.9).passed()).isTrue();
		List<Double> throttled = java.util.Collections.nCopies(20, 100.0);
		assertThat(ComparisonRun.FrameCheck.of(throttled, 60, 0.5).passed()).isFalse();
		List<Double> skipping = new java.util.ArrayList<>(java.util.Collections.nCopies(100, 16.67));
		skipping.addAll(java.util.Collections.nCopies(40, 50.0));
		assertThat(ComparisonRun.FrameCheck.of(skipping, 60, 0.9).passed()).isFalse();
	}

}
