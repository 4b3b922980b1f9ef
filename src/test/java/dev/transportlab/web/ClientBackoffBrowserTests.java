package dev.transportlab.web;

import java.util.List;

import dev.transportlab.tools.client.BrowserExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's client adapters come back spread out (issue 15): the real modules of
 * static/js/transports in Chromium, against a WebSocket or fetch that fails the way a
 * server does. After a close 1001/1013 or an HTTP 503 (the server leaving, or full) the
 * first retry waits 1-2 s, after a plain network error 125-250 ms; both with jitter, so
 * twenty clients do not return in one instant.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientBackoffBrowserTests {

	private static final int CLIENTS = 20;

	@LocalServerPort
	int port;

	@RegisterExtension
	static final BrowserExtension chromium = new BrowserExtension();

	@ParameterizedTest(name = "{0} after {1}")
	@CsvSource({ "websocket, 1001, 1000, 2000", "websocket, 1013, 1000, 2000", "websocket, 1006, 125, 250",
			"polling, 503, 1000, 2000", "polling, network-error, 125, 250", "long-polling, 503, 1000, 2000" })
	void firstRetryIsJitteredWithinItsWindow(String transport, String failure, int minMs, int maxMs) {
		// a page of the app without scripts of its own, so that only the adapters run
		chromium.get().open("http://localhost:" + this.port + "/api/time");
		List<?> raw = (List<?>) chromium.get()
			.script("""
								const [transport, failure, clients, waitMs] = arguments;
								return (async () => {
								  const adapter = await import(`/js/transports/${transport}.js`);
								  // each client follows its own feed, so a try is told apart by its URL
								  const tries = Array.from({ length: clients }, () => []);
								  const note = (url) => tries[Number.parseInt(String(url).split('/feeds/c')[1], 10)].push(performance.now());
								  window.WebSocket = class {
								    constructor(url) {
								      note(url);
								      setTimeout(() => this.onclose?.({ code: Number(failure), reason: '' }), 0);
								    }

					close() {}};window.fetch=async(url)=>{note(url);if(failure==='network-error'){throw new TypeError('Failed to fetch');}return new Response('',{status:Number(failure)});};const handles=tries.map((_,client)=>adapter.connect({feed:`c${client}`}));await new Promise((resolve)=>setTimeout(resolve,waitMs));handles.forEach((handle)=>handle.close());return tries.map((times)=>(times.length>1?times[1]-times[0]:-1));})();""",
					transport, failure, CLIENTS, maxMs + 600);

		List<Double> delays = raw.stream().map(delay -> ((Number) delay).doubleValue()).toList();

		// timers may fire late on a busy machine, never early
		assertThat(delays).as("first retry of %d clients, ms", CLIENTS)
			.hasSize(CLIENTS)
			.allSatisfy(delay -> assertThat(delay).isBetween(minMs - 5.0, maxMs + 500.0));
		double spread = delays.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
				- delays.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
		assertThat(spread).as("spread of the first retries, ms (%s)", delays).isGreaterThan(0.3 * (maxMs - minMs));
	}

}
