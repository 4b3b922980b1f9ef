package dev.transportlab.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.transportlab.tools.client.BrowserExtension;
import dev.transportlab.tools.client.JsonHttp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transport page follows a private feed ({@code ?feed=bench-private-N}) in headless
 * Chromium with tokens that live 3 s: it fetches one (the cookie for EventSource and
 * WebSocket, the header for polling and fetch), and at each expiry (SSE and fetch
 * auth-expired, WebSocket 4001, poll 401) fetches another and resumes, with no seq
 * missing or twice in the page's log.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lab.auth.token-ttl=3s", "lab.limits.max-bench-feeds=8" })
class PrivateFeedPageBrowserTests {

	@RegisterExtension
	static final BrowserExtension chromium = new BrowserExtension();

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "sse", "fetch", "websocket", "long-polling" })
	void pageReadsAPrivateFeedAcrossTokenExpiries(String transport) throws Exception {
		String base = "http://localhost:" + this.port;
		var created = JsonHttp.send("POST", base + "/api/feeds", "{\"private\":true,\"rate\":10,\"markers\":5}");
		assertThat(created.statusCode()).isEqualTo(201);
		String feed = JsonHttp.parse(created.body()).get("id").asString();

		chromium.get().open(base + "/" + transport + "?lang=en&feed=" + feed);
		WebElement page = chromium.get().find(By.tagName("body"));
		DashboardProbe.awaitReceiving(chromium.get(), page, 5);
		int reconnects = DashboardProbe.reconnects(page);
		Thread.sleep(7000); // two expiries at least (3 s tokens)
		if (!transport.endsWith("polling")) {
			// each ended the stream or socket (polling mostly takes a new token before
			// asking); awaited: the second expiry is due about 6 s after the first token,
			// which a slow page start or reconnect can push past the 7 s above
			chromium.get()
				.await(DashboardProbe.SOON)
				.withMessage("two reconnects after token expiries on /" + transport)
				.until(driver -> DashboardProbe.reconnects(page) >= reconnects + 2);
			assertThat(DashboardProbe.reconnects(page)).as("reconnects after expiries")
				.isGreaterThanOrEqualTo(reconnects + 2);
		}
		DashboardProbe.awaitReceiving(chromium.get(), page, 5);
		long spanned = DashboardProbe.assertNoSeqMissing(chromium.get(), page,
				"across token expiries on /" + transport);
		assertThat(spanned).as("events in one unbroken run").isGreaterThan(40);
		assertThat(DashboardProbe.number(page, "lost")).isZero();
		assertThat(chromium.get().consoleErrors()).as("only refused requests (a poll's 401) on /%s", transport)
			.allMatch(error -> BrowserExtension.NETWORK_ERROR.matcher(error).find());
	}

}
