package dev.transportlab.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

import dev.transportlab.tools.client.Browser;
import dev.transportlab.tools.client.BrowserExtension;
import dev.transportlab.tools.client.TlsFront;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/1.1's six connections per origin, in a real Chromium (docs/how-it-works.md, "Seven
 * tabs"): one page opens seven EventSources to its own origin. Straight to the app over
 * HTTP/1.1 each holds a connection of its own, so the seventh waits for a free one and
 * receives nothing; through the TLS front (nginx, HTTP/2) all seven are streams of one
 * connection and all receive. The live feed runs at 10 events/s.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SixConnectionLimitBrowserTests {

	/**
	 * How long the seven sources listen: 50 events of the live feed for each one that is
	 * served.
	 */
	private static final long LISTEN_MILLIS = 5000;

	@LocalServerPort
	int port;

	@RegisterExtension
	static final BrowserExtension chromium = new BrowserExtension("en-US", 1024, 768,
			List.of(Browser.IGNORE_CERTIFICATE_ERRORS));

	private TlsFront front;

	@BeforeAll
	void start() {
		TlsFront.assumeAvailable();
		this.front = TlsFront.start(this.port, Duration.ofSeconds(60));
	}

	@AfterAll
	void stop() {
		if (this.front != null) {
			this.front.close();
		}
	}

	@Test
	void overHttp1TheSeventhEventSourceGetsNothing() {
		List<Long> counts = sevenEventSources("http://127.0.0.1:" + this.port, "http/1.1");
		System.out.println("Seven EventSources over HTTP/1.1, events each in " + LISTEN_MILLIS + " ms: " + counts);
		assertThat(counts.subList(0, 6)).as("the first six, one connection each").allMatch(n -> n >= 10);
		assertThat(counts.get(6)).as("the seventh, waiting for a seventh connection").isZero();
	}

	@Test
	void overHttp2AllSevenReceive() {
		List<Long> counts = sevenEventSources(this.front.baseUrl().toString(), "h2");
		System.out
			.println("Seven EventSources over HTTP/2 (TLS front), events each in " + LISTEN_MILLIS + " ms: " + counts);
		assertThat(counts).as("all seven, streams of one connection").allMatch(n -> n >= 10);
	}

	/**
	 * Opens the origin, checks its protocol, then counts events per EventSource for a few
	 * seconds.
	 */
	private List<Long> sevenEventSources(String origin, String expectedProtocol) {
		// a small JSON document: the page itself holds no connection of its own
		chromium.get().open(origin + "/api/time");
		assertThat(chromium.get().script("return performance.getEntriesByType('navigation')[0].nextHopProtocol"))
			.as("protocol of %s", origin)
			.isEqualTo(expectedProtocol);
		Object raw = ((org.openqa.selenium.JavascriptExecutor) chromium.get().driver()).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const counts = [0, 0, 0, 0, 0, 0, 0];
				const sources = counts.map((_, i) => {
				  const source = new EventSource('/api/feeds/live/stream?tab=' + i);
				  source.onmessage = () => counts[i]++;
				  return source;
				});
				setTimeout(() => { sources.forEach(s => s.close()); done(counts); }, arguments[0]);
				""", LISTEN_MILLIS);
		List<Long> counts = new ArrayList<>();
		for (Object n : (List<?>) raw) {
			counts.add(((Number) n).longValue());
		}
		return counts;
	}

}
