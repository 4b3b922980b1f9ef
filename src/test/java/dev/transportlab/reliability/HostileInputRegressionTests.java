package dev.transportlab.reliability;

import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;
import dev.transportlab.tools.client.LabServer;
import dev.transportlab.tools.client.RawHttp;

import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Bugs found by {@link HostileInputTests}, pinned down as plain examples. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HostileInputRegressionTests {

	@LocalServerPort
	int port;

	/**
	 * A query string Tomcat cannot percent-decode made every endpoint with a query
	 * parameter answer 500 and log an ERROR. It is a 400 problem. (Sent over a plain
	 * socket: java.net.URI refuses to build such a URL.)
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/api/feeds/live/events?after=%", "/api/feeds/live/events?after=1&%zz=2",
			"/api/feeds/live/events?after=%E0%80", "/api/feeds/live/stream?after=5%", "/api/feeds/live/events?=j",
			"/api/feeds/live/events?after=1&=" })
	void anUndecodableQueryIsA400ProblemAndNotAnErrorLog(String target) throws Exception {
		ListAppender<ILoggingEvent> logged = LabServer.captureWarnings();
		try (RawHttp response = RawHttp.get(this.port, target, "Accept: text/event-stream, application/json", 0,
				10_000)) {
			assertThat(response.status).isEqualTo(400);
			assertThat(response.headers.get("content-type")).startsWith("application/problem+json");
			var problem = JsonHttp.JSON.readTree(response.bodyText());
			assertThat(problem.get("type").asString()).isEqualTo("urn:transport-lab:problem:bad-parameter");
			assertThat(problem.get("detail").asString()).contains("query string");
			assertThat(LabServer.errors(logged)).isEmpty();
		}
		finally {
			LabServer.release(logged);
		}
	}

	/**
	 * A resume message whose "after" does not fit in a long made Jackson 3 throw in
	 * asLong(): the socket closed with 1011 and an ERROR was logged. It is a 1008.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"type\":\"resume\",\"after\":99999999999999999999}",
			"{\"type\":\"resume\",\"after\":-99999999999999999999,\"epoch\":\"a\"}" })
	void aResumeBeyondALongClosesWith1008(String message) throws Exception {
		ListAppender<ILoggingEvent> logged = LabServer.captureWarnings();
		try {
			FeedRecorder client = FeedRecorder.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/live", null);
			client.send(message);
			assertThat(client.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1008);
			assertThat(LabServer.errors(logged)).isEmpty();
		}
		finally {
			LabServer.release(logged);
		}
	}

	/**
	 * Polling clients are counted by their {@code client} id, kept for a few seconds; an
	 * id as long as a URL allows (~8 kB), times the 100 000 ids kept, would be about 800
	 * MB.
	 */
	@ParameterizedTest(name = "client id of {0} chars")
	@ValueSource(ints = { 65, 5000 })
	void anOverlongPollingClientIdIsRefused(int length) throws Exception {
		try (RawHttp response = RawHttp.get(this.port, "/api/feeds/live/events?client=" + "c".repeat(length),
				"Connection: close", 0, 10_000)) {
			assertThat(response.status).isEqualTo(400);
			assertThat(JsonHttp.JSON.readTree(response.bodyText()).get("detail").asString()).contains("'client'");
		}
		try (RawHttp response = RawHttp.get(this.port,
				"/api/feeds/live/events?client=0f8c1f2e-5a8b-4c2e-9f1e-3b7c2d9a6e41", "Connection: close", 0, 10_000)) {
			assertThat(response.status).isEqualTo(200);
		}
	}

}
