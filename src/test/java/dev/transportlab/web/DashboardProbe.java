package dev.transportlab.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.transportlab.tools.client.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a transport dashboard in a browser test: its status, counters, and the sequence
 * numbers of the events it was handed (data-seqs), so that loss is checked from the
 * events themselves, not from the page's own counter.
 */
final class DashboardProbe {

	static final Duration SOON = Duration.ofSeconds(15);

	private DashboardProbe() {
	}

	/** Waits until the panel is open and has counted at least {@code more} new events. */
	static void awaitReceiving(Browser browser, WebElement scope, int more) {
		browser.await(SOON).until(driver -> "open".equals(status(scope)));
		long start = number(scope, "received");
		browser.await(SOON).until(driver -> "open".equals(status(scope)) && number(scope, "received") >= start + more);
	}

	static String status(WebElement scope) {
		return scope.findElement(By.cssSelector("[data-testid='status']")).getDomAttribute("data-status");
	}

	static int reconnects(WebElement scope) {
		return Integer
			.parseInt(scope.findElement(By.cssSelector("[data-testid='status']")).getDomAttribute("data-reconnects"));
	}

	static long number(WebElement scope, String testId) {
		String text = scope.findElement(By.cssSelector("[data-testid='" + testId + "']")).getText().strip();
		return text.matches("\\d+") ? Long.parseLong(text) : -1;
	}

	/**
	 * The seqs of every event the dashboard in {@code scope} was handed since it
	 * connected, as it logged them (runs "from-to,from-to" in data-seqs): asserts one
	 * unbroken run, that is nothing missing and nothing twice, and returns how many
	 * events it spans.
	 */
	static long assertNoSeqMissing(Browser browser, WebElement scope, String what) {
		// the attribute follows the page's log, refreshed a few times a second
		browser.await(SOON).until(driver -> !seqRuns(scope).isEmpty());
		List<long[]> runs = seqRuns(scope);
		List<String> holes = new ArrayList<>();
		for (int i = 1; i < runs.size(); i++) {
			long[] before = runs.get(i - 1);
			long[] after = runs.get(i);
			holes.add(after[0] > before[1] + 1 ? "missing " + (before[1] + 1) + ".." + (after[0] - 1)
					: "again " + after[0] + " after " + before[1]);
		}
		assertThat(holes).as("seqs the page logged %s (runs %s)", what, seqRunsText(scope)).isEmpty();
		return runs.get(0)[1] - runs.get(0)[0] + 1;
	}

	private static String seqRunsText(WebElement scope) {
		WebElement dashboard = scope.getDomAttribute("data-seqs") != null ? scope
				: scope.findElement(By.cssSelector("[data-testid^='dashboard-']"));
		String runs = dashboard.getDomAttribute("data-seqs");
		return runs == null ? "" : runs;
	}

	private static List<long[]> seqRuns(WebElement scope) {
		List<long[]> runs = new ArrayList<>();
		for (String run : seqRunsText(scope).split(",")) {
			if (!run.isBlank()) {
				String[] ends = run.split("-");
				runs.add(new long[] { Long.parseLong(ends[0]), Long.parseLong(ends[1]) });
			}
		}
		return runs;
	}

}
