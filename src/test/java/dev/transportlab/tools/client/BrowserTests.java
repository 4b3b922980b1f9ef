package dev.transportlab.tools.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The helper itself: it really catches console errors (else "no errors" would prove
 * nothing).
 */
class BrowserTests {

	@Test
	void collectsConsoleErrorsAndUncaughtExceptions() {
		try (Browser browser = Browser.start()) {
			browser.open("data:text/html,<script>console.error('lab-marker-1');"
					+ "setTimeout(() => { throw new Error('lab-marker-2'); })</script><p>hi</p>");
			browser.await(java.time.Duration.ofSeconds(5)).until(driver -> browser.script("return 1") != null);
			var errors = browser.consoleErrors();
			assertThat(errors).anyMatch(error -> error.contains("lab-marker-1"));
			assertThat(errors).anyMatch(error -> error.contains("lab-marker-2"));
			assertThat(browser.consoleErrors()).as("drained").isEmpty();
		}
	}

}
