package dev.transportlab.tools.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.transportlab.tools.client.Browser;
import dev.transportlab.tools.client.LabServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * PNGs of every page from the real app in the real browser, for the README (about a
 * minute): {@code mvn -Ptool verify -Dtool=docs.PageScreenshots}. The page checks
 * themselves are tests (web/TransportPagesBrowserTests); this only takes pictures, and
 * fails when a page logs a JavaScript error.
 */
@Command(name = "PageScreenshots", mixinStandardHelpOptions = true,
		description = "Screenshots of every page of the app, from headless Chromium.")
public final class PageScreenshots implements Callable<Integer> {

	private static final int WIDTH = 1600;

	@Option(names = "--out", defaultValue = "docs/img",
			description = "Folder for the PNG files (default: ${DEFAULT-VALUE}).")
	Path directory;

	@Option(names = "--base-url",
			description = "A running app to photograph; without it the app starts in this JVM on a free port.")
	String baseUrl;

	public static void main(String[] args) {
		System.exit(new CommandLine(new PageScreenshots()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		ConfigurableApplicationContext app = (this.baseUrl == null) ? LabServer.start(0, "logging.level.root=warn")
				: null;
		String base = (app != null) ? "http://127.0.0.1:" + LabServer.port(app) : this.baseUrl;
		try {
			everyPage(base);
			return 0;
		}
		finally {
			if (app != null) {
				app.close();
			}
		}
	}

	private void everyPage(String base) throws IOException {
		Path directory = this.directory;
		Files.createDirectories(directory);
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
				browser.open(base + page.getValue());
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
				if (!browser.consoleErrors().isEmpty()) {
					throw new IllegalStateException("console errors on " + page.getValue() + ": " + browser.consoleErrors());
				}
				System.out.println("wrote " + file);
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
