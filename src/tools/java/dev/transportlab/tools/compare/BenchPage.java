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
		while (System.nanoTime() < deadline) {
			Object state = js.executeScript(
					"return window.benchResult ? JSON.stringify(window.benchResult) : (window.benchError ? 'ERROR:' + window.benchError : null)");
			if (state instanceof String text) {
				if (text.startsWith("ERROR:")) {
					return new Outcome(null, text.substring(6));
				}
				return new Outcome(json.readValue(text, BenchResult.class), null);
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return new Outcome(null, "interrupted");
			}
		}
		return new Outcome(null, "no benchResult within " + (scenario.durationS() + 60) + " s");
	}

	record Outcome(BenchResult result, String error) {
	}

}
