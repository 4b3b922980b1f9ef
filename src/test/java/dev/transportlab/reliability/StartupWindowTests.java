package dev.transportlab.reliability;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.transportlab.TransportLabApplication;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a restart every client reconnects at once, some the moment the port opens. Found
 * while writing {@link ServerRestartTests}: the web server opened before the feeds
 * existed, so a client that came back in that window (~200 ms on a busy machine) got a
 * 404 for the live feed, and a browser's EventSource gives up for good on a 404. The
 * probe asks at the exact moment the web server has started, before the rest of the
 * startup.
 */
class StartupWindowTests {

	@Test
	void theLiveFeedIsThereAsSoonAsThePortIsOpen() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		List<String> answers = new ArrayList<>();
		ApplicationListener<WebServerInitializedEvent> probe = event -> {
			String base = "http://127.0.0.1:" + event.getWebServer().getPort();
			try {
				HttpResponse<String> poll = http.send(
						HttpRequest.newBuilder(URI.create(base + "/api/feeds/live/events?after=5&epoch=before-restart"))
							.build(),
						HttpResponse.BodyHandlers.ofString());
				answers.add("polling " + poll.statusCode());
				// the stream never ends: take the status, then hang up
				HttpResponse<InputStream> sse = http
					.send(HttpRequest.newBuilder(URI.create(base + "/api/feeds/live/stream"))
						.header("Last-Event-ID", "before-restart:5")
						.build(), HttpResponse.BodyHandlers.ofInputStream());
				answers.add("sse " + sse.statusCode());
				sse.body().close();
			}
			catch (Exception ex) {
				answers.add(ex.toString());
			}
		};
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TransportLabApplication.class)
			.bannerMode(Banner.Mode.OFF)
			.listeners(probe)
			.run("--server.port=0", "--server.address=127.0.0.1")) {
			assertThat(answers).containsExactly("polling 200", "sse 200");

			// and a stopped context starts again, as Spring's test context cache does
			// with idle contexts
			context.stop();
			context.start();
			Feed live = context.getBean(FeedRegistry.class).get(FeedRegistry.LIVE);
			await().atMost(Duration.ofSeconds(5)).until(() -> live.head() > 0);
		}
	}

}
