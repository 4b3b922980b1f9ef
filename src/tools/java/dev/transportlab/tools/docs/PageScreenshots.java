package dev.transportlab.tools.docs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.transportlab.tools.client.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PNGs of every page from the real app in the real browser, for the README:
 * {@code mvn test -Dtest=PageScreenshots -Dlab.screenshots.dir=docs/img}.
 * A tool more than a test (about a minute): its name keeps it out of the normal build
 * (Surefire runs *Test and *Tests classes), and it needs the target folder; the page
 * checks themselves are in TransportPagesBrowserTest.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EnabledIfSystemProperty(named = "lab.screenshots.dir", matches = ".+")
class PageScreenshots {

	private static final int WIDTH = 1600;

	@LocalServerPort
	int port;

	@Test
	void everyPage() {
		Path directory = Path.of(System.getProperty("lab.screenshots.dir"));
		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("overview", "/?lang=en");
		pages.put("polling", "/polling");
		pages.put("long-polling", "/long-polling");
		pages.put("websocket", "/websocket");
		pages.put("sse", "/sse");
		pages.put("race", "/race");
		pages.put("overview-ru", "/?lang=ru");
		pages.put("websocket-ru", "/websocket");
		pages.put("jobs", "/jobs?lang=en");
		pages.put("benchmark", "/benchmark?transport=websocket,sse&rate=100&markers=100&duration=5&autorun=1");
		try (Browser browser = Browser.start("en-US", WIDTH, 1000)) {
			for (Map.Entry<String, String> page : pages.entrySet()) {
				browser.open("http://localhost:" + this.port + page.getValue());
				// let numbers, sparklines, the log and the wire view fill up
				if (page.getKey().equals("benchmark")) {
					browser.await(Duration.ofSeconds(90)).until(driver -> !browser.driver()
						.findElements(org.openqa.selenium.By.cssSelector("[data-testid='bench-done']")).isEmpty());
					sleep(1500);
				}
				else {
					boolean noStream = page.getKey().startsWith("overview") || page.getKey().equals("jobs");
					browser.await(Duration.ofSeconds(15))
						.until(driver -> browser.driver().findElements(org.openqa.selenium.By.cssSelector("[data-status='open']")).size()
								>= (page.getKey().equals("race") ? 4 : noStream ? 0 : 1));
					sleep(noStream ? 2500 : 6000);
				}
				Path file = directory.resolve(page.getKey() + ".png");
				browser.fullPageScreenshot(file);
				assertThat(file).isNotEmptyFile();
				assertThat(browser.consoleErrors()).as("console errors on %s", page.getValue()).isEmpty();
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
