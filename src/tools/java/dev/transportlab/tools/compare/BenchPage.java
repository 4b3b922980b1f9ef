package dev.transportlab.tools.compare;

import java.net.URI;
import java.time.Duration;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.json.JsonMapper;

import dev.transportlab.bench.BenchResult;

/** One scenario on the benchmark page (autorun): its window.benchResult, or the page's error. */
final class BenchPage {

	private BenchPage() {
	}

	static Outcome run(WebDriver driver, URI baseUrl, Scenario scenario, JsonMapper json) {
		driver.get(scenario.pageUrl(baseUrl).toString());
		JavascriptExecutor js = (JavascriptExecutor) driver;
		// page load + clock sync + a fresh feed (which may wait for a free slot) + measurement + wind-down
		long deadline = System.nanoTime() + Duration.ofSeconds(scenario.durationS() + 60).toNanos();
		int reconnects = 0;
		while (System.nanoTime() < deadline) {
			// the dashboard counts its own reconnects; it is gone once the result is in
			Object counted = js.executeScript(
					"const s = document.querySelector('[data-testid=status]'); return s ? s.dataset.reconnects : null");
			if (counted instanceof String text && !text.isEmpty()) {
				reconnects = Math.max(reconnects, Integer.parseInt(text));
			}
			Object state = js.executeScript(
					"return window.benchResult ? JSON.stringify(window.benchResult) : (window.benchError ? 'ERROR:' + window.benchError : null)");
			if (state instanceof String text) {
				if (text.startsWith("ERROR:")) {
					return new Outcome(null, text.substring(6), reconnects);
				}
				return new Outcome(json.readValue(text, BenchResult.class), null, reconnects);
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return new Outcome(null, "interrupted", reconnects);
			}
		}
		return new Outcome(null, "no benchResult within " + (scenario.durationS() + 60) + " s", reconnects);
	}

	record Outcome(BenchResult result, String error, int reconnects) {
	}

}
