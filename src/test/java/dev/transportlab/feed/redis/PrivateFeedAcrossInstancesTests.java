package dev.transportlab.feed.redis;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.transportlab.tools.client.AsyncClients;
import dev.transportlab.tools.client.ClientOptions;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;
import dev.transportlab.tools.client.RedisProcess;
import dev.transportlab.tools.client.Token;
import dev.transportlab.tools.client.TokenSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.transportlab.feed.redis.RedisTestSupport.assertContiguous;
import static dev.transportlab.feed.redis.RedisTestSupport.url;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A private feed made on instance A is read on instance B with a token A issued: both
 * were given the same {@code lab.auth.secret}, and B knows the feed is private from its
 * id. The SSE stream hops A, B, A with its Last-Event-ID and a token from either, losing
 * nothing.
 */
class PrivateFeedAcrossInstancesTests {

	private static final String SECRET = "shared-secret-of-at-least-32-bytes";

	private static RedisProcess redis;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() throws Exception {
		RedisTestSupport.requireServers(false);
		redis = RedisProcess.start(Files.createTempDirectory("lab-redis-"));
		a = RedisTestSupport.instance(redis.port(), "lab.auth.secret=" + SECRET);
		b = RedisTestSupport.instance(redis.port(), "lab.auth.secret=" + SECRET);
	}

	@AfterAll
	static void stop() {
		if (b != null) {
			b.close();
		}
		if (a != null) {
			a.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void aTokenFromOneInstanceReadsThePrivateFeedOnTheOther() throws Exception {
		var created = JsonHttp.send("POST", url(a) + "/api/feeds", "{\"private\":true,\"rate\":20,\"markers\":5}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String feed = JsonHttp.parse(created.body()).get("id").asString();

		assertThat(JsonHttp.get(url(b) + "/api/feeds/" + feed + "/events").statusCode())
			.as("B refuses the private feed without a token")
			.isEqualTo(401);

		List<FeedItem> items = new ArrayList<>();
		String lastId = null;
		ConfigurableApplicationContext[] hops = { b, a, b };
		for (int hop = 0; hop < hops.length; hop++) {
			// tokens from the other instance than the one read
			TokenSource tokens = new TokenSource(url(hops[(hop + 1) % hops.length]), feed, null);
			ClientOptions options = ClientOptions.once()
				.withLastEventId(lastId)
				.withToken(new Token(Token.Carrier.COOKIE, tokens));
			URI stream = URI.create(url(hops[hop]) + "/api/feeds/" + feed + "/stream");
			try (FeedRecorder sse = FeedRecorder.start("sse",
					listener -> AsyncClients.shared().sse(stream, options, listener))) {
				List<FeedItem> taken = sse.take(15, Duration.ofSeconds(10));
				assertThat(taken).as("15 events on hop %d", hop).hasSize(15);
				assertThat(sse.status()).isEqualTo(200);
				items.addAll(taken);
				FeedItem last = taken.get(taken.size() - 1);
				lastId = last.epoch() + ":" + last.seq();
			}
		}
		assertContiguous("SSE on a private feed across B, A, B", items);
	}

}
