package dev.transportlab.web;

import dev.transportlab.tools.client.TcpProxy;

import java.time.Duration;
import java.util.List;

import dev.transportlab.tools.client.BrowserExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in a real headless Chromium against the real app: every transport page opens
 * and counts events without loss, survives a drop from the page and a server-side cut of
 * all its connections, the race shows four live panels, Russian renders, and no page logs
 * a JavaScript error. Loss is checked from the sequence numbers the page logged
 * ({@link DashboardProbe}), not from its own counter. The browser reaches the app through
 * {@link TcpProxy}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransportPagesBrowserTests {

	private static final Duration SOON = DashboardProbe.SOON;

	@LocalServerPort
	int port;

	@RegisterExtension
	static final BrowserExtension chromium = new BrowserExtension();

	private TcpProxy proxy;

	@BeforeAll
	void start() {
		this.proxy = TcpProxy.start(this.port);
	}

	@AfterAll
	void stop() {
		if (this.proxy != null) {
			this.proxy.close();
		}
	}

	private String url(String path) {
		return "http://localhost:" + this.proxy.port() + path;
	}

	@ParameterizedTest
	@ValueSource(strings = { "polling", "long-polling", "websocket", "sse", "fetch" })
	void transportPageReceivesAndRecoversFromBothKindsOfDrop(String transport) {
		chromium.get().open(url("/" + transport + "?lang=en"));
		WebElement page = chromium.get().find(By.tagName("body"));
		awaitReceiving(page, 5);
		DashboardProbe.assertNoSeqMissing(chromium.get(), page, "before any drop on /" + transport);
		assertThat(DashboardProbe.number(page, "lost")).as("the page's lost counter agrees with its log").isZero();
		assertThat(chromium.get().consoleErrors()).as("console errors on /%s", transport).isEmpty();

		// from the page: the Drop button breaks the connection, the adapter recovers by
		// itself
		int reconnects = reconnects(page);
		chromium.get().testId("drop").click();
		chromium.get().await(SOON).until(driver -> reconnects(page) > reconnects);
		awaitReceiving(page, 5);
		DashboardProbe.assertNoSeqMissing(chromium.get(), page, "after a drop from the page on /" + transport);
		assertThat(DashboardProbe.number(page, "lost")).as("the page's lost counter agrees with its log").isZero();

		// from the server side: every connection cut, new ones refused for 1.5 s
		int connections = this.proxy.accepted();
		int reconnectsBeforeCut = reconnects(page);
		this.proxy.cutAll(Duration.ofMillis(1500));
		chromium.get().await(SOON).until(driver -> reconnects(page) > reconnectsBeforeCut);
		awaitReceiving(page, 5);
		assertThat(this.proxy.accepted()).as("reconnected through the proxy").isGreaterThan(connections);
		DashboardProbe.assertNoSeqMissing(chromium.get(), page, "after a server-side cut on /" + transport);
		assertThat(DashboardProbe.number(page, "lost")).as("the page's lost counter agrees with its log").isZero();
		assertThat(chromium.get().consoleErrors()).as("only network errors after the cuts")
			.allMatch(error -> BrowserExtension.NETWORK_ERROR.matcher(error).find());
	}

	@Test
	void raceShowsFivePanelsAllReceiving() {
		chromium.get().open(url("/race?lang=en"));
		List<String> transports = List.of("polling", "long-polling", "websocket", "sse", "fetch");
		for (String transport : transports) {
			awaitReceivingNoneLost(chromium.get().testId("panel-" + transport), 3);
		}
		assertThat(chromium.get().driver().findElements(By.cssSelector("[data-testid^='panel-']"))).hasSize(5);
		assertThat(chromium.get().testId("rate-control").isDisplayed()).isTrue();
		assertThat(chromium.get().consoleErrors()).as("console errors on /race").isEmpty();
	}

	@Test
	void overviewShowsLiveClientCounts() {
		chromium.get().open(url("/?lang=en"));
		assertThat(chromium.get().driver().findElements(By.cssSelector("[data-testid^='card-']"))).hasSize(5);
		// counts arrive over SSE; the feed seq moves with every push
		chromium.get().await(SOON).until(driver -> chromium.get().text("feed-seq").matches("\\d+"));
		long seq = Long.parseLong(chromium.get().text("feed-seq"));
		chromium.get().await(SOON).until(driver -> Long.parseLong(chromium.get().text("feed-seq")) > seq);
		for (String transport : List.of("polling", "long-polling", "websocket", "sse", "fetch")) {
			assertThat(chromium.get().text("clients-" + transport)).matches("\\d+");
		}
		assertThat(chromium.get().consoleErrors()).as("console errors on /").isEmpty();
	}

	@Test
	void russianRendersAndPersists() {
		chromium.get().open(url("/?lang=ru"));
		assertThat(chromium.get().find(By.tagName("html")).getDomAttribute("lang")).isEqualTo("ru");
		assertThat(chromium.get().find(By.cssSelector(".nav a")).getText()).isEqualTo("Обзор");
		// no parameter now: the choice is remembered
		chromium.get().open(url("/websocket"));
		WebElement page = chromium.get().find(By.tagName("body"));
		awaitReceiving(page, 3);
		DashboardProbe.assertNoSeqMissing(chromium.get(), page, "in Russian");
		assertThat(chromium.get().text("status")).isEqualTo("ОТКРЫТО");
		assertThat(chromium.get().find(By.cssSelector("[data-testid='drop']")).getText())
			.isEqualTo("Оборвать соединение");
		assertThat(chromium.get().consoleErrors()).as("console errors in Russian").isEmpty();
		chromium.get().open(url("/?lang=en"));
		assertThat(chromium.get().find(By.cssSelector(".nav a")).getText()).isEqualTo("Overview");
	}

	private void awaitReceiving(WebElement scope, int more) {
		DashboardProbe.awaitReceiving(chromium.get(), scope, more);
	}

	private void awaitReceivingNoneLost(WebElement scope, int more) {
		awaitReceiving(scope, more);
		DashboardProbe.assertNoSeqMissing(chromium.get(), scope, "in a race lane");
		assertThat(DashboardProbe.number(scope, "lost")).as("lost").isZero();
	}

	private static int reconnects(WebElement scope) {
		return DashboardProbe.reconnects(scope);
	}

}
