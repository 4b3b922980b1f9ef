package dev.transportlab.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.transportlab.tools.client.BrowserExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page steps of docs/workshop.md, walked in a real headless Chromium in the order the
 * workshop takes them, so that the walkthrough cannot drift from the pages: every label
 * the text tells a learner to look for is on the page, the polling Interval changes the
 * request rate live (no Disconnect/Connect), a drop recovers with nothing missing from
 * the log, the race shows four lanes, the rate control changes the feed, and the
 * benchmark's autorun ends with a result. Each page also says which HTTP version carries
 * it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkshopWalkthroughBrowserTests {

	private static final Path WORKSHOP = Path.of("docs/workshop.md");

	private static final Duration SOON = DashboardProbe.SOON;

	@LocalServerPort
	int port;

	@RegisterExtension
	static final BrowserExtension chromium = new BrowserExtension();

	private String workshop;

	@BeforeAll
	void start() throws IOException {
		this.workshop = Files.readString(WORKSHOP);
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	/** The workshop names the part and tells the learner to look for these labels. */
	private void workshopSays(String heading, String... labels) {
		assertThat(this.workshop).as("docs/workshop.md").contains("\n## " + heading + "\n");
		for (String label : labels) {
			assertThat(this.workshop).as("docs/workshop.md names %s", label).contains("**" + label + "**");
		}
	}

	@Test
	@Order(1)
	void part1OverviewShowsTheFiveTransportsAndLiveCounts() {
		workshopSays("1. Start the app, look at the feed");
		chromium.get().open(url("/?lang=en"));
		assertThat(chromium.get().driver().findElements(By.cssSelector("[data-testid^='card-']"))).hasSize(5);
		chromium.get().await(SOON).until(driver -> chromium.get().text("feed-seq").matches("\\d+"));
		for (String transport : List.of("polling", "long-polling", "websocket", "sse", "fetch")) {
			assertThat(chromium.get().text("clients-" + transport)).matches("\\d+");
		}
		assertThat(protocol()).as("the overview over plain http://localhost").isEqualTo("h1");
		assertThat(chromium.get().consoleErrors()).isEmpty();
	}

	@Test
	@Order(2)
	void part2ShortPollingIntervalChangesTheRequestRateLive() {
		workshopSays("2. Short polling", "On the wire", "Interval");
		chromium.get().open(url("/polling?lang=en"));
		WebElement page = page();
		DashboardProbe.awaitReceiving(chromium.get(), page, 2);
		// (the heading is upper-cased by CSS)
		assertThat(chromium.get().find(By.cssSelector(".wire h3")).getText()).startsWithIgnoringCase("On the wire")
			.contains("payload");
		chromium.get()
			.await(SOON)
			.until(driver -> !driver.findElements(By.cssSelector("[data-testid='wire'] .wire-head b")).isEmpty());
		assertThat(chromium.get().find(By.cssSelector("[data-testid='wire'] .wire-head b")).getText())
			.isEqualTo("HTTP 200");
		assertThat(protocol()).isEqualTo("h1");
		// "Connect": the buttons work as the page's controls say
		chromium.get().testId("disconnect").click();
		chromium.get().await(SOON).until(driver -> "closed".equals(DashboardProbe.status(page)));
		chromium.get().testId("connect").click();
		DashboardProbe.awaitReceiving(chromium.get(), page, 2);

		// one request per interval, 1 s by default, as the page's own text says
		assertThat(chromium.get().find(By.cssSelector(".page-head .lead")).getText()).contains("once a second");
		countRequests();
		int reconnects = DashboardProbe.reconnects(page);
		double atDefault = requestsPerSecond(Duration.ofSeconds(4));
		assertThat(atDefault).as("requests/s at the default 1000 ms").isBetween(0.5, 1.6);

		select("interval", "100");
		double fast = requestsPerSecond(Duration.ofSeconds(3));
		assertThat(fast).as("requests/s at 100 ms, without reconnecting").isGreaterThan(3 * atDefault);

		select("interval", "5000");
		// the pause under way is re-timed at once; at most the request in flight and one
		// more
		double slow = requestsPerSecond(Duration.ofSeconds(6));
		assertThat(slow).as("requests/s at 5000 ms").isLessThanOrEqualTo(2.0 / 6);
		assertThat(DashboardProbe.reconnects(page)).as("the interval changed on the open connection")
			.isEqualTo(reconnects);
		assertThat(DashboardProbe.status(page)).isEqualTo("open");
		assertThat(chromium.get().consoleErrors()).isEmpty();
	}

	@Test
	@Order(3)
	void part3LongPollingReceives() {
		workshopSays("3. Long polling");
		chromium.get().open(url("/long-polling?lang=en"));
		DashboardProbe.awaitReceiving(chromium.get(), page(), 3);
		assertThat(protocol()).isEqualTo("h1");
		assertThat(chromium.get().consoleErrors()).isEmpty();
	}

	@Test
	@Order(4)
	void part4SseShowsTheRawStreamAndResumesAfterADrop() {
		workshopSays("4. Server-Sent Events", "On the wire", "Drop connection", "lost");
		chromium.get().open(url("/sse?lang=en"));
		WebElement page = page();
		dropAndRecover(page, "dropped on purpose");
		String frame = chromium.get().find(By.cssSelector("[data-testid='wire'] pre")).getText();
		assertThat(frame).as("the raw SSE text").contains("id: ").contains("data: {");
		assertThat(protocol()).isEqualTo("h1");
	}

	@Test
	@Order(4)
	void part4aFetchShowsTheSameRawStreamAndResumesAfterADrop() {
		assertThat(this.workshop).contains("\n### 4a. The same stream over `fetch`\n");
		chromium.get().open(url("/fetch?lang=en"));
		WebElement page = page();
		// the adapter aborts its fetch, then posts again with Last-Event-ID
		dropAndRecover(page, "dropped on purpose");
		String frame = chromium.get().find(By.cssSelector("[data-testid='wire'] pre")).getText();
		assertThat(frame).as("the raw SSE text, as the page's parser read it").startsWith("id: ").contains("\ndata: {");
		assertThat(protocol()).isEqualTo("h1");
	}

	@Test
	@Order(5)
	void part5WebSocketShowsFramesAndResumesAfterADrop() {
		workshopSays("5. WebSocket", "Drop connection");
		chromium.get().open(url("/websocket?lang=en"));
		WebElement page = page();
		// the page closes the socket with code 4000 and reconnects
		dropAndRecover(page, "close 4000");
		assertThat(chromium.get().testId("http-protocol").getDomAttribute("data-protocol")).isEqualTo("h1-upgrade");
		assertThat(chromium.get().text("http-protocol")).isEqualTo("HTTP/1.1 Upgrade");
	}

	@Test
	@Order(6)
	void part7TheRaceShowsFiveLanes() {
		workshopSays("7. The race");
		chromium.get().open(url("/race?lang=en"));
		for (String transport : List.of("polling", "long-polling", "websocket", "sse", "fetch")) {
			WebElement lane = chromium.get().testId("panel-" + transport);
			DashboardProbe.awaitReceiving(chromium.get(), lane, 2);
			assertThat(
					lane.findElement(By.cssSelector("[data-testid='http-protocol']")).getDomAttribute("data-protocol"))
				.isEqualTo(transport.equals("websocket") ? "h1-upgrade" : "h1");
		}
		assertThat(chromium.get().consoleErrors()).isEmpty();
	}

	@Test
	@Order(7)
	void part8TheRaceChangesTheFeedRate() {
		workshopSays("8. Change the rate", "Render every event");
		chromium.get().open(url("/race?lang=en"));
		RestClient api = RestClient.create(url(""));
		Object before = api.get().uri("/api/feeds/live").retrieve().body(Map.class).get("rate");
		chromium.get()
			.await(SOON)
			.until(driver -> before.toString()
				.equals(new Select(chromium.get().testId("rate")).getFirstSelectedOption().getDomAttribute("value")));
		try {
			select("rate", "20");
			chromium.get()
				.await(SOON)
				.until(driver -> Integer.valueOf(20)
					.equals(api.get().uri("/api/feeds/live").retrieve().body(Map.class).get("rate")));
		}
		finally {
			// the live feed is shared with the other tests of this context
			api.put()
				.uri("/api/feeds/live")
				.header("Content-Type", "application/json")
				.body("{\"rate\":" + before + "}")
				.retrieve()
				.toBodilessEntity();
		}
		// "Render every event" is on every transport page
		chromium.get().open(url("/websocket?lang=en"));
		assertThat(chromium.get().find(By.cssSelector("label.checkbox")).getText()).isEqualTo("Render every event");
		assertThat(chromium.get().consoleErrors()).isEmpty();
	}

	@Test
	@Order(8)
	void part9TheBenchmarkAutorunEndsWithAResult() {
		workshopSays("9. Run the benchmark, read the report");
		chromium.get().open(url("/benchmark?transport=sse&rate=20&markers=10&duration=2&autorun=1&rafMin=0.5"));
		chromium.get()
			.await(Duration.ofSeconds(60))
			.until(driver -> !driver.findElements(By.cssSelector("[data-testid=bench-done],[data-testid=bench-error]"))
				.isEmpty());
		assertThat(chromium.get().script("return window.benchError || null")).as("benchError").isNull();
		assertThat(chromium.get().script("return window.benchResult.transport")).isEqualTo("sse");
		assertThat(chromium.get().find(By.cssSelector("[data-testid=bench-results] thead")).getText())
			.contains("Payload bytes");
		assertThat(chromium.get().consoleErrors()).isEmpty();
	}

	private WebElement page() {
		return chromium.get().find(By.tagName("body"));
	}

	private String protocol() {
		chromium.get()
			.await(SOON)
			.until(driver -> !"?".equals(chromium.get().testId("http-protocol").getDomAttribute("data-protocol")));
		return chromium.get().testId("http-protocol").getDomAttribute("data-protocol");
	}

	private void select(String testId, String value) {
		new Select(chromium.get().testId(testId)).selectByValue(value);
	}

	/**
	 * Drops the connection from the page: the wire view shows {@code onTheWire}, the page
	 * reconnects, and its log misses no seq.
	 */
	private void dropAndRecover(WebElement page, String onTheWire) {
		DashboardProbe.awaitReceiving(chromium.get(), page, 1);
		int reconnects = DashboardProbe.reconnects(page);
		chromium.get().testId("drop").click();
		chromium.get().await(SOON).until(driver -> chromium.get().text("wire").contains(onTheWire));
		chromium.get().await(SOON).until(driver -> DashboardProbe.reconnects(page) > reconnects);
		DashboardProbe.awaitReceiving(chromium.get(), page, 5);
		DashboardProbe.assertNoSeqMissing(chromium.get(), page, "across a drop");
		assertThat(DashboardProbe.number(page, "lost")).as("lost").isZero();
		assertThat(chromium.get().consoleErrors()).isEmpty();
	}

	/** Counts the page's polling requests as DevTools' Network panel would list them. */
	private void countRequests() {
		chromium.get().script("""
				window.labPolls = [];
				new PerformanceObserver((list) => list.getEntries()
				  .filter((entry) => entry.name.includes('/events?'))
				  .forEach((entry) => window.labPolls.push(entry.startTime)))
				  .observe({ type: 'resource', buffered: true });
				""");
	}

	/** Requests started per second over the next {@code window}. */
	private double requestsPerSecond(Duration window) {
		double from = ((Number) chromium.get().script("return performance.now()")).doubleValue();
		sleep(window);
		Number count = (Number) chromium.get()
			.script("return window.labPolls.filter((start) => start >= arguments[0]).length", from);
		return count.doubleValue() / (window.toMillis() / 1000.0);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
