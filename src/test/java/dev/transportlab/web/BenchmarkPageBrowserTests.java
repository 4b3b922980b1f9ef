package dev.transportlab.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.json.JsonMapper;

import dev.transportlab.tools.client.Browser;
import dev.transportlab.tools.client.BrowserExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark page's autorun contract (docs/benchmark.md, "Autorun contract"): a short
 * scenario per transport in real headless Chromium ends with a sane window.benchResult
 * and [data-testid=bench-done].
 */
// finished scenarios' feeds vanish soon, so the suite's other benchmark feeds never make
// the page wait
// (the same properties in both browser classes of the benchmark: they share one context)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lab.limits.bench-feed-idle-timeout=5s")
class BenchmarkPageBrowserTests {

	@LocalServerPort
	int port;

	@RegisterExtension
	static final BrowserExtension chromium = new BrowserExtension();

	@Autowired
	JsonMapper json;

	@ParameterizedTest
	@ValueSource(strings = { "polling", "long-polling", "websocket", "sse", "fetch" })
	void autorunMeasuresAShortScenario(String transport) {
		chromium.get()
			.open("http://localhost:" + this.port + "/benchmark?transport=" + transport
					+ "&rate=50&markers=20&duration=2&interval=100&autorun=1&post=1"
					// the suite runs on busy CI machines: refuse only a badly starved
					// page
					+ "&rafMin=0.5");
		chromium.get()
			.await(Duration.ofSeconds(60))
			.until(driver -> !driver.findElements(By.cssSelector("[data-testid=bench-done],[data-testid=bench-error]"))
				.isEmpty());
		assertThat(chromium.get().script("return window.benchError || null")).as("benchError").isNull();
		assertThat(chromium.get().driver().findElements(By.cssSelector("[data-testid=bench-done]"))).hasSize(1);

		@SuppressWarnings("unchecked")
		Map<String, Object> result = this.json
			.readValue((String) chromium.get().script("return JSON.stringify(window.benchResult)"), Map.class);
		assertThat(result).containsEntry("transport", transport)
			.containsEntry("rate", 50)
			.containsEntry("markers", 20)
			.containsEntry("mode", "coalesced")
			.containsEntry("lost", 0)
			.containsEntry("duplicates", 0);
		// the window is 2 s, longer only when a busy machine wakes the page late
		double window = number(result, "durationS");
		assertThat(window).isBetween(1.9, 6.0);
		// 50 events/s over the window, give or take what a poll or a stall moves across
		// its edges
		assertThat(number(result, "received")).isBetween(50 * window * 0.6, 50 * window * 1.3 + 5);
		assertThat(number(nested(result, "latencyMs"), "p50")).isPositive();
		assertThat(number(nested(result, "latencyMs"), "p99"))
			.isGreaterThanOrEqualTo(number(nested(result, "latencyMs"), "p50"));
		assertThat(number(nested(result, "deliveryMs"), "p50")).isPositive();
		// paint comes after delivery
		assertThat(number(nested(result, "latencyMs"), "p50"))
			.isGreaterThanOrEqualTo(number(nested(result, "deliveryMs"), "p50"));
		assertThat(number(nested(result, "fps"), "mean")).isPositive();
		assertThat(number(nested(result, "frameMs"), "p50")).isPositive();
		assertThat(number(result, "bytes")).isPositive();
		assertThat(number(result, "requests")).isPositive();
		assertThat(number(result, "wireEvents")).isPositive();
		assertThat(chromium.get().driver().findElements(By.cssSelector("[data-testid=bench-results] tbody tr")))
			.hasSize(1);
		assertThat(chromium.get().consoleErrors()).isEmpty();

		// post=1 saved it on the server
		Map<?, ?> saved = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/api/bench/results?limit=1")
			.retrieve()
			.body(Map.class);
		Map<?, ?> newest = (Map<?, ?>) ((Map<?, ?>) ((List<?>) saved.get("results")).get(0)).get("result");
		assertThat(newest.get("transport")).isEqualTo(transport);
	}

	/**
	 * A scenario in which no animation frame ran has no FPS or dropped-frame figure: the
	 * page reports an error, not "0 % dropped". The page's requestAnimationFrame is
	 * stopped once the frame check has passed (at the scenario's POST /api/feeds), as in
	 * a tab hidden mid-run.
	 */
	@Test
	void aScenarioWithoutFramesIsAnErrorNotZeroPercentDropped() {
		try (Browser frozen = Browser.start()) {
			((ChromeDriver) frozen.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
					Map.of("source", """
							(() => {
							  const raf = window.requestAnimationFrame.bind(window);
							  const fetch = window.fetch.bind(window);
							  let stopped = false;
							  window.fetch = (input, init) => {
							    stopped ||= String(input) === '/api/feeds' && init?.method === 'POST';
							    return fetch(input, init);
							  };
							  window.requestAnimationFrame = (callback) => (stopped ? 0 : raf(callback));
							})();
							"""));
			frozen.open("http://localhost:" + this.port
					+ "/benchmark?transport=sse&rate=20&markers=10&duration=2&autorun=1&rafMin=0.5");
			frozen.await(Duration.ofSeconds(60))
				.until(driver -> !driver
					.findElements(By.cssSelector("[data-testid=bench-done],[data-testid=bench-error]"))
					.isEmpty());
			assertThat(frozen.script("return window.benchResult ?? null")).as("benchResult").isNull();
			assertThat((String) frozen.script("return window.benchError")).contains("no animation frame was measured");
			assertThat(frozen.text("bench-error")).contains("no animation frame was measured");
			assertThat(frozen.driver().findElements(By.cssSelector("[data-testid=bench-done]"))).isEmpty();
		}
	}

	private static Map<?, ?> nested(Map<?, ?> map, String key) {
		assertThat(map.get(key)).as(key).isInstanceOf(Map.class);
		return (Map<?, ?>) map.get(key);
	}

	private static double number(Map<?, ?> map, String key) {
		assertThat(map.get(key)).as(key).isInstanceOf(Number.class);
		return ((Number) map.get(key)).doubleValue();
	}

}
