package dev.transportlab.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.transportlab.tools.client.BrowserExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The /jobs page in a real headless Chromium, once per transport: start a short job, drop
 * the connection mid-job, reload the page mid-job, and the job still ends with every
 * event once, in order, none lost, none twice.
 */
@JobsSpringBootTestContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsPageBrowserTests {

	private static final int STEPS = 30;

	private static final Duration SOON = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@RegisterExtension
	static final BrowserExtension chromium = new BrowserExtension();

	@ParameterizedTest
	@ValueSource(strings = { "polling", "long-polling", "websocket", "sse", "fetch" })
	void aJobSurvivesADropAndAReloadWithNothingLost(String transport) {
		chromium.get().open("http://localhost:" + this.port + "/jobs?lang=en&transport=" + transport);
		assertThat(new Select(chromium.get().testId("job-transport")).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo(transport);
		type("job-steps", STEPS);
		type("job-step-millis", 200);
		chromium.get().testId("job-start").click();

		awaitReceived(4);
		chromium.get().testId("job-drop").click();
		awaitReceived(10);
		chromium.get().driver().navigate().refresh();
		chromium.get()
			.await(SOON)
			.until(driver -> "succeeded".equals(chromium.get().testId("job-state").getAttribute("data-state")));
		chromium.get().screenshot(Path.of("target/screenshots/jobs-" + transport + ".png"));

		int received = number("job-received");
		int restored = number("job-restored");
		assertThat(received).as("events, the final one included").isEqualTo(STEPS + 1);
		assertThat(number("job-lost")).isZero();
		assertThat(number("job-duplicates")).isZero();
		assertThat(restored).as("events kept over the reload (it happened mid-job)").isBetween(10, STEPS);
		assertThat(chromium.get().testId("job-percent").getText()).isEqualTo("100");
		assertThat(chromium.get().testId("job-result").getText()).contains(STEPS + " steps processed");
		assertThat(chromium.get().testId("status").getAttribute("data-status")).isEqualTo("closed");
		List<Integer> seqs = chromium.get()
			.testId("job-log")
			.findElements(By.cssSelector("li[data-seq]:not([data-seq=''])"))
			.stream()
			.map(li -> Integer.parseInt(li.getAttribute("data-seq")))
			.toList();
		assertThat(seqs).as("the log, one line per event, across the reload")
			.isEqualTo(java.util.stream.IntStream.rangeClosed(1, STEPS + 1).boxed().toList());
		assertThat(chromium.get().testId("job-log").getText()).contains("Connection dropped on purpose")
			.contains("Page reloaded: " + restored + " events restored");
		assertThat(chromium.get().consoleErrors())
			.filteredOn(line -> !BrowserExtension.NETWORK_ERROR.matcher(line).find())
			.as("console errors on /jobs with %s", transport)
			.isEmpty();
	}

	private void type(String testId, int value) {
		WebElement input = chromium.get().testId(testId);
		input.clear();
		input.sendKeys(Integer.toString(value));
	}

	private void awaitReceived(int atLeast) {
		chromium.get().await(SOON).until(driver -> number("job-received") >= atLeast);
	}

	private int number(String testId) {
		return Integer.parseInt(chromium.get().testId(testId).getText().strip());
	}

}
